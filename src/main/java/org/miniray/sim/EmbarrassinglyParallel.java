package org.miniray.sim;

import java.util.SplittableRandom;

/**
 * {@code tasks} independent tasks with no arguments, all submitted by the driver at time 0:
 * the paper's scalability benchmark (section 5.1, figure 8b).
 */
public record EmbarrassinglyParallel(int tasks, Durations durations) implements Workload {

  public EmbarrassinglyParallel {
    if (tasks < 0) {
      throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
    }
  }

  @Override
  public String name() {
    return "parallel";
  }

  @Override
  public TaskGraph generate(int nodes, SplittableRandom random) {
    TaskGraph.Builder b = TaskGraph.builder();
    for (int i = 0; i < tasks; i++) {
      b.add(durations.nextNanos(random), 8);
    }
    return b.build();
  }
}
