package org.miniray.bench;

import java.util.Arrays;

/** The median and spread of a workload's rounds: min, max and the quartiles (linear interpolation). */
public record Summary(double median, double min, double max, double q1, double q3, int rounds) {

  public static Summary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds to summarize");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return new Summary(quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75), v.length);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** Max over min, minus one: how far apart the best and worst rounds were. */
  public double spread() {
    return min == 0 ? Double.NaN : Math.abs(max / min - 1);
  }
}
