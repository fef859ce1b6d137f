package org.miniray.worker;

import java.util.concurrent.Executor;

/**
 * Threads for running tasks. How many tasks run at once is the local scheduler's decision (by
 * resources), not the pool's: the pool never makes a task wait for a thread.
 */
public interface WorkerPool extends AutoCloseable {

  /** Runs {@code work} on a worker thread now. */
  void execute(Runnable work);

  /** An executor that runs what it is given one at a time, in order, on worker threads: an actor's lane. */
  Executor newSerialLane();

  @Override
  void close();
}
