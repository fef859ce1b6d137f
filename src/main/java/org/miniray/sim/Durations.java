package org.miniray.sim;

import java.util.SplittableRandom;

/** How long tasks run: a distribution sampled from the run's random stream. */
@FunctionalInterface
public interface Durations {

  /** One task's duration in nanoseconds (>= 0). */
  long nextNanos(SplittableRandom random);

  /** Every task runs exactly {@code millis}. */
  static Durations fixedMillis(double millis) {
    long nanos = toNanos(millis);
    return random -> nanos;
  }

  /** Uniform in [{@code lowMillis}, {@code highMillis}). */
  static Durations uniformMillis(double lowMillis, double highMillis) {
    if (!(highMillis > lowMillis)) {
      throw new IllegalArgumentException("need low < high, got " + lowMillis + " and " + highMillis);
    }
    long lo = toNanos(lowMillis);
    long hi = toNanos(highMillis);
    return random -> random.nextLong(lo, hi);
  }

  /** Exponential with mean {@code meanMillis}: many short tasks and a few long ones. */
  static Durations exponentialMillis(double meanMillis) {
    double mean = toNanos(meanMillis);
    return random -> (long) (-mean * Math.log(1 - random.nextDouble()));
  }

  private static long toNanos(double millis) {
    if (!(millis >= 0) || Double.isInfinite(millis)) {
      throw new IllegalArgumentException("a duration is a finite number of ms >= 0, got " + millis);
    }
    return Math.round(millis * 1e6);
  }
}
