package org.miniray.api.id;

import java.nio.ByteBuffer;

/** An actor's id: the eight bytes of the id of the task that created it. */
public final class ActorId extends BaseId {
  public static final int LENGTH = 8;
  public static final ActorId NIL = new ActorId(nil(LENGTH));

  private ActorId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  public static ActorId fromLong(long creationTask) {
    return new ActorId(ByteBuffer.allocate(LENGTH).putLong(creationTask).array());
  }

  public static ActorId fromHexString(String hex) {
    return new ActorId(fromHex(hex, LENGTH, "actor id"));
  }

  public static ActorId fromBytes(byte[] bytes) {
    return new ActorId(bytes);
  }
}
