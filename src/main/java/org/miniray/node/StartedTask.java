package org.miniray.node;

import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.task.TaskSpec;

/**
 * A task a local scheduler of this node started: its spec, whether it is blocked in {@code get},
 * and what gives its resources back (to whichever local scheduler holds them now), run once.
 */
final class StartedTask {
  final TaskSpec spec;
  private Runnable release; // null once run
  private int owner; // the generation of the local scheduler that holds its resources
  private boolean blocked;
  private Thread thread; // the worker thread running it, while it runs

  StartedTask(TaskSpec spec, Runnable release, int owner) {
    this.spec = spec;
    this.release = release;
    this.owner = owner;
  }

  void release() {
    Runnable r;
    synchronized (this) {
      r = release;
      release = null;
    }
    if (r != null) {
      r.run();
    }
  }

  /** It runs on {@code worker} from now on, until {@link #stopped}. */
  synchronized void running(Thread worker) {
    thread = worker;
  }

  /**
   * It no longer runs on the calling thread: no interrupt reaches that thread for it any more,
   * and one that came too late to matter is cleared, so the thread's next task does not see it.
   */
  void stopped() {
    synchronized (this) {
      thread = null;
    }
    Thread.interrupted();
  }

  /** Interrupts its worker thread if it runs (its job ended); returns whether it ran. */
  synchronized boolean interrupt() {
    if (thread == null) {
      return false;
    }
    thread.interrupt();
    return true;
  }

  synchronized void setBlocked(boolean b) {
    blocked = b;
  }

  /** Hands its resources to {@code fresh} if they are still held by an older scheduler. */
  synchronized boolean adoptBy(LocalScheduler fresh, int gen) {
    if (release == null || owner >= gen) {
      return false;
    }
    release = fresh.adopt(spec, blocked);
    owner = gen;
    return true;
  }
}
