package org.miniray.worker;

import java.util.concurrent.CompletableFuture;
import org.miniray.task.TaskSpec;

/**
 * Worker processes that run a node's normal tasks outside its JVM, as Ray's workers do: a task
 * that calls {@code System.exit}, crashes its JVM or runs it out of memory takes down only its
 * worker, and the node counts a failed attempt. Actors still run on the node's threads.
 */
public interface RemoteWorkers extends AutoCloseable {

  /**
   * Runs {@code spec} in a free worker (started if none is free). Completes when it ran and its
   * result is stored; fails with {@link WorkerDiedException} when its worker died first.
   */
  CompletableFuture<Void> run(TaskSpec spec);

  /** Stops every worker. */
  @Override
  void close();

  /** A worker process died (or could not start) while it held a task. */
  final class WorkerDiedException extends RuntimeException {
    public WorkerDiedException(String message) {
      super(message);
    }
  }
}
