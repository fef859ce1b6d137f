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

  Clock SYSTEM = System::nanoTime;
}
