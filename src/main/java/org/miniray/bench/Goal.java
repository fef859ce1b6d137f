package org.miniray.bench;

/**
 * A target from the "Benchmarks" issue: at least {@code value} for a rate, at most for a time.
 * The issue sets them for multi-process mode; embedded mode, with no process boundary, must beat
 * them.
 */
public record Goal(boolean atLeast, double value) {
  public static Goal atLeast(double value) {
    return new Goal(true, value);
  }

  public static Goal atMost(double value) {
    return new Goal(false, value);
  }

  public boolean metBy(double measured) {
    return atLeast ? measured >= value : measured <= value;
  }

  /** {@code >= 5,000} or {@code <= 0.1}. */
  public String describe() {
    return (atLeast ? ">= " : "<= ") + Numbers.format(value);
  }
}
