package org.miniray.worker;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs what it is given on a thread pool, starting it in order, with at most {@code limit} running
 * at once: the lane of an actor whose calls may overlap ({@code setMaxConcurrency}).
 */
final class BoundedLane implements Executor {
  private final Executor threads;
  private final int limit;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running; // guarded by this

  BoundedLane(Executor threads, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a lane runs at least one call at a time, not " + limit);
    }
    this.threads = threads;
    this.limit = limit;
  }

  @Override
  public void execute(Runnable work) {
    synchronized (this) {
      if (running >= limit) {
        waiting.add(work);
        return;
      }
      running++;
    }
    start(work);
  }

  private void start(Runnable work) {
    threads.execute(() -> {
      try {
        work.run();
      } finally {
        Runnable next;
        synchronized (this) {
          next = waiting.poll();
          if (next == null) {
            running--;
          }
        }
        if (next != null) {
          start(next);
        }
      }
    });
  }
}
