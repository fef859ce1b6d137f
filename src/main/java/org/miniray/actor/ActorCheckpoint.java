package org.miniray.actor;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.miniray.id.TaskId;

/**
 * One saved state of an actor.
 *
 * @param callsCovered how many logged calls ran before it was taken (the replay starts at this log index)
 * @param nextSequence for each caller, the sequence number of its first call not covered
 * @param encoding the snapshot's encoding ({@code SerializedObject})
 * @param snapshot what {@code Checkpointable.saveCheckpoint} returned, serialized
 */
public record ActorCheckpoint(long callsCovered, Map<TaskId, Long> nextSequence, byte encoding, byte[] snapshot) {

  public ActorCheckpoint {
    nextSequence = Map.copyOf(nextSequence);
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + nextSequence.size() * 16 + 1 + 4 + snapshot.length);
    b.putLong(callsCovered).putInt(nextSequence.size());
    nextSequence.forEach((caller, seq) -> b.putLong(caller.value()).putLong(seq));
    b.put(encoding).putInt(snapshot.length).put(snapshot);
    return b.array();
  }

  static ActorCheckpoint decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long calls = b.getLong();
    int n = b.getInt();
    Map<TaskId, Long> seqs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      seqs.put(new TaskId(b.getLong()), b.getLong());
    }
    byte encoding = b.get();
    byte[] snapshot = new byte[b.getInt()];
    b.get(snapshot);
    return new ActorCheckpoint(calls, seqs, encoding, snapshot);
  }
}
