package org.miniray.refcount;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Changes of count queued by the threads that make refs, submit tasks, store results and collect
 * refs, for a counter to apply under its lock later: those threads never wait for the lock (on two
 * cores a preempted holder stalled them for whole time slices). One queue keeps the order of
 * changes that happen-before one another (a return owned before its result arrives, a ref counted
 * before it dies). The counter applies them on its own thread, and first in every other method,
 * so that method sees every change made before it.
 */
final class ChangeQueue {
  private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
  // Whether the consumer is parked or about to park: only then does a change wake it, which
  // spares the producers a wake-up per change while the consumer is busy.
  private final AtomicBoolean idle = new AtomicBoolean();
  private final Thread consumer;
  /** How long the consumer lets changes gather after a busy turn. */
  static final long LINGER_NANOS = 1_000_000;

  /** @param consumer the thread that applies the changes when nothing else does */
  ChangeQueue(Thread consumer) {
    this.consumer = consumer;
  }

  void add(Runnable change) {
    changes.add(change);
    if (idle.get() && idle.compareAndSet(true, false)) {
      LockSupport.unpark(consumer);
    }
  }

  /** Applies every queued change, in order; the caller holds the counter's lock. Returns how many. */
  int applyAll() {
    int applied = 0;
    Runnable change;
    while ((change = changes.poll()) != null) {
      change.run();
      applied++;
    }
    return applied;
  }

  /**
   * On the consumer: returns once a change is queued or the consumer is unparked (or spuriously).
   * After a busy turn it returns after {@link #LINGER_NANOS} instead, without being woken: the
   * changes of that interval gather, so a stream of tasks costs the consumer a wake-up and a batch
   * per interval, not a wake-up per change.
   */
  void awaitChange(boolean busy) {
    if (busy) {
      LockSupport.parkNanos(this, LINGER_NANOS);
      return;
    }
    idle.set(true); // before the check: a change queued after it unparks the consumer
    if (changes.isEmpty()) {
      LockSupport.park(this);
    }
    idle.set(false);
  }
}
