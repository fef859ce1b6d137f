package org.miniray.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.miniray.task.ResourceSet;

/**
 * A reinforcement-learning job (paper section 2): in each of {@code rounds} rounds,
 * {@code rollouts} short simulation tasks each take the current policy weights and return a
 * batch of experience; then one learner call takes all the batches and returns new weights.
 * The learner is an actor pinned to the last node: its calls run there, one at a time (each
 * takes the previous call's weights, the actor's stateful edge). The driver submits every
 * task at time 0.
 */
public record RlJob(int rounds, int rollouts, Durations simulation, Durations learning,
    long weightBytes, long batchBytes) implements Workload {

  public RlJob {
    if (rounds < 0 || rollouts < 0 || weightBytes < 0 || batchBytes < 0) {
      throw new IllegalArgumentException("rounds, rollouts and sizes must be >= 0");
    }
  }

  /**
   * About {@code tasks} tasks: rounds of 100 rollouts of ~5 ms with 1 MB weights and 100 KB
   * batches; learner calls of ~50 ms.
   */
  public static RlJob ofSize(int tasks) {
    int rollouts = 100;
    return new RlJob(Math.max(1, tasks / (rollouts + 1)), rollouts,
        Durations.exponentialMillis(5), Durations.uniformMillis(40, 60), 1_000_000, 100_000);
  }

  @Override
  public String name() {
    return "rl";
  }

  @Override
  public TaskGraph generate(int nodes, SplittableRandom random) {
    TaskGraph.Builder b = TaskGraph.builder();
    int learnerNode = nodes - 1;
    ResourceSet learnerNeeds = ResourceSet.of(ResourceSet.CPU, 1);
    int weights = -1;
    int[] batches = new int[rollouts + 1];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < rollouts; i++) {
        long d = simulation.nextNanos(random);
        batches[i] = weights < 0 ? b.add(d, batchBytes) : b.add(d, batchBytes, weights);
      }
      int n = rollouts;
      if (weights >= 0) {
        batches[n++] = weights;
      }
      weights = b.add(learning.nextNanos(random), weightBytes, Arrays.copyOf(batches, n));
      b.pin(weights, learnerNode).demand(weights, learnerNeeds);
    }
    return b.build();
  }
}
