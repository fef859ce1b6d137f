package org.miniray.sim;

import java.util.SplittableRandom;

/**
 * {@code chains} independent chains of {@code length} tasks, each task taking the previous
 * one's object ({@code objectBytes}) as its argument, so a chain can only run one task at a
 * time. The driver submits every task at time 0, chains interleaved.
 */
public record Chains(int chains, int length, Durations durations, long objectBytes)
    implements Workload {

  public Chains {
    if (chains < 0 || length < 0 || objectBytes < 0) {
      throw new IllegalArgumentException("chains, length and object size must be >= 0");
    }
  }

  @Override
  public String name() {
    return "chains";
  }

  @Override
  public TaskGraph generate(int nodes, SplittableRandom random) {
    TaskGraph.Builder b = TaskGraph.builder();
    int[] last = new int[chains];
    for (int step = 0; step < length; step++) {
      for (int c = 0; c < chains; c++) {
        long d = durations.nextNanos(random);
        last[c] = step == 0 ? b.add(d, objectBytes) : b.add(d, objectBytes, last[c]);
      }
    }
    return b.build();
  }
}
