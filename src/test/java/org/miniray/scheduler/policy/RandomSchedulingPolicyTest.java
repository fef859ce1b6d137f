package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

class RandomSchedulingPolicyTest {
  private final List<NodeView> nodes = List.of(
      node("a", "CPU=1", 0), node("b", "CPU=1", 9), node("c", "GPU=1", 0),
      node("d", "CPU=2", 3), node("e", "CPU=1", 1));

  @Test
  void spreadsTasksEvenlyOverTheFeasibleNodes() {
    Map<NodeId, Integer> counts = new TreeMap<>((x, y) -> x.value().compareTo(y.value()));
    RandomSchedulingPolicy policy = new RandomSchedulingPolicy(42);
    int calls = 8_000;
    for (int i = 0; i < calls; i++) {
      counts.merge(policy.select(task("CPU=1", 0), nodes).orElseThrow(), 1, Integer::sum);
    }
    assertThat(counts).as("node c has no CPU").doesNotContainKey(new NodeId("c")).hasSize(4);
    // Each of the four should get a quarter: 2,000 +- 200 is over 5 standard deviations.
    counts.forEach((id, n) -> assertThat(n).as("tasks placed on %s", id).isBetween(1_800, 2_200));
  }

  @Test
  void configuredSeedGivesTheSameChoicesAsThatSeed() {
    RandomSchedulingPolicy fromConfig =
        new RandomSchedulingPolicy(MinirayConfig.of(Map.of("miniray.seed", "7")));
    RandomSchedulingPolicy fromSeed = new RandomSchedulingPolicy(7);
    for (int i = 0; i < 100; i++) {
      assertThat(fromConfig.select(task("CPU=1", 0), nodes))
          .isEqualTo(fromSeed.select(task("CPU=1", 0), nodes));
    }
  }
}
