package org.miniray.common;

/**
 * An exponentially weighted moving average, as the paper's global scheduler keeps for task
 * execution time and transfer bandwidth. Thread-safe; {@code alpha} is the weight of a new
 * sample.
 */
public final class ExponentialAverage {
  private final double alpha;
  private double value;
  private boolean seeded;

  public ExponentialAverage(double alpha, double initial) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = alpha;
    this.value = initial;
  }

  public synchronized void add(double sample) {
    if (!seeded) {
      value = sample;
      seeded = true;
    } else {
      value = alpha * sample + (1 - alpha) * value;
    }
  }

  public synchronized double get() {
    return value;
  }
}
