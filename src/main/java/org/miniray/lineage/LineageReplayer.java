package org.miniray.lineage;

import java.util.concurrent.CompletableFuture;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskSpec;

/**
 * Rebuilds lost objects from lineage and retries failed attempts.
 *
 * <p>Rules for implementations: calls return at once and may come from any thread, many times
 * for the same object (every node that waits for it asks); an object's task is run again at most
 * once per loss, and only when the object is truly lost (its task's node, or every node holding a
 * copy, is dead): an object that is merely not made yet is left alone. Every re-run and retry
 * counts against the task's {@code maxRetries}, and the count outlives the replayer: one started
 * later on the same GCS (a head started again) spends no retry twice.
 * {@code LineageReplayerContractTest} checks these rules.
 */
public interface LineageReplayer extends AutoCloseable {

  /**
   * Someone needs {@code id} and knows no live copy. Completes with null when the object exists,
   * is on its way or is being rebuilt (the caller keeps waiting for a location), or with the error
   * to use in its place when it can never be made again. Fails when the question could not be
   * asked (a replayer in another process that cannot be reached): the caller asks again later.
   */
  CompletableFuture<SerializedObject> reconstruct(ObjectId id);

  /**
   * An attempt of {@code spec} died without a result (its worker crashed). Completes with true
   * once the task is on its way to run again (its row says so); with false when its retries are
   * spent, and the caller stores an error. Fails when the question could not be answered (the GCS
   * or the head unreachable): the caller stores an error that says so.
   */
  CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why);

  @Override
  default void close() {}

  /** No fault tolerance: nothing is ever rebuilt or retried. */
  LineageReplayer NONE = new LineageReplayer() {
    @Override
    public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
      return CompletableFuture.completedFuture(false);
    }
  };
}
