package org.miniray.worker;

import java.util.concurrent.Executor;

/**
 * Threads for running tasks. How many tasks run at once is the local scheduler's decision (by
 * resources), not the pool's: the pool never makes a task wait for a thread.
 */
public interface WorkerPool extends AutoCloseable {

  /** Runs {@code work} on a worker thread now. */
  void execute(Runnable work);

  /**
   * An actor's lane: an executor that starts what it is given in order, on worker threads, and
   * runs at most {@code maxConcurrency} at once (1: one at a time, the paper's serial actor).
   */
  Executor newLane(int maxConcurrency);

  @Override
  void close();
}
