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
