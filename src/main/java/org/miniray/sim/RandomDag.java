package org.miniray.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code tasks} tasks, each taking up to {@code fanIn} objects made by the
 * {@code window} tasks before it. Most objects are {@code smallBytes}; a fraction
 * {@code largeFraction} are {@code largeBytes}, the large inputs that make placement by
 * locality pay off.
 */
public record RandomDag(int tasks, int fanIn, int window, Durations durations,
    long smallBytes, long largeBytes, double largeFraction) implements Workload {

  public RandomDag {
    if (tasks < 0 || fanIn < 0 || window < 1 || smallBytes < 0 || largeBytes < 0
        || !(largeFraction >= 0 && largeFraction <= 1)) {
      throw new IllegalArgumentException("need tasks, fanIn >= 0, window >= 1, sizes >= 0 and "
          + "0 <= largeFraction <= 1");
    }
  }

  /** 1 KB objects, one in twenty of 100 MB, up to 3 inputs from the previous 1,000 tasks. */
  public static RandomDag withLargeInputs(int tasks, Durations durations) {
    return new RandomDag(tasks, 3, 1_000, durations, 1_000, 100_000_000, 0.05);
  }

  @Override
  public String name() {
    return "dag";
  }

  @Override
  public TaskGraph generate(int nodes, SplittableRandom random) {
    TaskGraph.Builder b = TaskGraph.builder();
    int[] picked = new int[fanIn];
    for (int t = 0; t < tasks; t++) {
      int k = t == 0 ? 0 : random.nextInt(Math.min(fanIn, t) + 1);
      int from = Math.max(0, t - window);
      int n = 0;
      for (int i = 0; i < k; i++) {
        int candidate = random.nextInt(from, t);
        boolean seen = false;
        for (int j = 0; j < n; j++) {
          seen |= picked[j] == candidate;
        }
        if (!seen) {
          picked[n++] = candidate;
        }
      }
      long size = random.nextDouble() < largeFraction ? largeBytes : smallBytes;
      int[] inputs = Arrays.copyOf(picked, n);
      b.add(durations.nextNanos(random), size, inputs);
    }
    return b.build();
  }
}
