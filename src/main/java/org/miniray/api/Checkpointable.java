package org.miniray.api;

/**
 * An actor class that can save and restore its state, so that after its node dies it restarts
 * from its latest checkpoint and replays only the calls made after it (paper section 5.1,
 * figure 11), instead of every call since it was created.
 *
 * <p>Rules: after every method call the runtime asks {@link #shouldCheckpoint}; when it says yes
 * it calls {@link #saveCheckpoint} at once, on the actor's thread, so the snapshot is the state
 * right after that call. The snapshot must be serializable by miniray's serializer (a record,
 * a collection, an array, a class of the job's own packages) and must not share mutable parts
 * with the live actor. On a restart the runtime builds the actor with its constructor again,
 * calls {@link #loadCheckpoint} with the latest snapshot (if any was saved), then replays, in
 * their original order, the calls made after that snapshot. Methods must be deterministic
 * given the actor's state and their arguments, or the replay will not reproduce the results.
 *
 * <p>This is Ray 0.8's Java {@code Checkpointable} simplified: there the actor stored its state
 * itself under a checkpoint id ({@code saveCheckpoint(actorId, checkpointId)}), chose one of the
 * available ids on restart ({@code loadCheckpoint(actorId, checkpoints)}) and was told when old
 * ids expired ({@code checkpointExpired}). Here the actor hands its snapshot to the runtime,
 * which keeps the latest one in the GCS; there is nothing to choose and nothing to expire.
 */
public interface Checkpointable {

  /** Whether to save a checkpoint now, right after a call; cheap, called after every call. */
  boolean shouldCheckpoint(CheckpointContext context);

  /** A serializable snapshot of the actor's state. */
  Object saveCheckpoint();

  /** Restores the state from a snapshot {@link #saveCheckpoint} returned, on a freshly built actor. */
  void loadCheckpoint(Object snapshot);
}
