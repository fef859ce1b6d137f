package org.miniray.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;
import org.miniray.labs.SolutionOnly;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.RandomSchedulingPolicy;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;
import org.miniray.sim.PaperPolicySimulationTest.Scenario;

/**
 * The limits of lab 2's simulated scenarios are neither too loose nor too tight: a random
 * policy misses each one, and a second implementation of the paper's rule, written without
 * looking at the reference's code, meets them all. Staff only: it contains a solution.
 */
@SolutionOnly
class Lab2LimitsTest {

  @Test
  void randomPolicyMissesEveryScenario() {
    for (Scenario s : PaperPolicySimulationTest.ALL) {
      for (long seed = 1; seed <= 3; seed++) {
        assertThat(PaperPolicySimulationTest.shortfalls(s, new RandomSchedulingPolicy(seed)))
            .as("the random policy (seed %d) on %s should miss the limits", seed, s.name())
            .isNotEmpty();
      }
    }
  }

  @Test
  void anotherCorrectPolicyMeetsEveryScenario() {
    for (Scenario s : PaperPolicySimulationTest.ALL) {
      assertThat(PaperPolicySimulationTest.shortfalls(s, new StudentStylePolicy()))
          .as("an independent implementation of the rule on %s", s.name())
          .isEmpty();
    }
  }

  /** The rule of section 4.2.2 as a student might write it: a sort by (estimate, can start now, position). */
  static final class StudentStylePolicy implements SchedulingPolicy {
    @Override
    public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
      return IntStream.range(0, nodes.size())
          .filter(i -> nodes.get(i).total().fits(task.demand()))
          .boxed()
          .min(Comparator.<Integer>comparingDouble(i -> waitMillis(task, nodes.get(i)))
              .thenComparing(i -> !nodes.get(i).available().fits(task.demand()))
              .thenComparing(i -> i))
          .map(i -> nodes.get(i).id());
    }

    private static double waitMillis(TaskRequest task, NodeView n) {
      double perTask = n.avgTaskMillis() > 0 && Double.isFinite(n.avgTaskMillis()) ? n.avgTaskMillis() : 0;
      double queue = n.queueLength() > 0 ? n.queueLength() * perTask : 0;
      long missing = task.inputBytes() - Math.min(task.inputBytes(), Math.max(0, n.localInputBytes()));
      double bandwidth = n.bandwidthBytesPerMs() > 0 && Double.isFinite(n.bandwidthBytesPerMs())
          ? n.bandwidthBytesPerMs() : 125_000.0;
      return queue + missing / bandwidth;
    }
  }
}
