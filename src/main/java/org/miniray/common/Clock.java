package org.miniray.common;

/**
 * Where components read the time. The real runtime uses {@link #SYSTEM}; tests and the
 * simulator pass a clock they advance themselves, so a run replays exactly.
 */
@FunctionalInterface
public interface Clock {
  /** Monotonic nanoseconds; only differences mean anything. */
  long nanoTime();

  default long millis() {
    return nanoTime() / 1_000_000L;
  }

  /**
   * The time of day, in milliseconds since the epoch, for times people read (when a job started
   * and ended); nothing is ordered or timed by it. A clock of a test's own counts from its
   * {@link #millis()}, so that it replays too.
   */
  default long epochMillis() {
    return millis();
  }

  Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long epochMillis() {
      return System.currentTimeMillis();
    }
  };
}
