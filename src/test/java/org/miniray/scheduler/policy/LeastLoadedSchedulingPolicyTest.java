package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.id;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miniray.task.ResourceSet;

class LeastLoadedSchedulingPolicyTest {
  private final LeastLoadedSchedulingPolicy policy = new LeastLoadedSchedulingPolicy(42);

  @Test
  void picksTheShortestQueue() {
    List<NodeView> nodes = List.of(
        node("long", "CPU=4", 12, 10, 1_000, 1_000_000),
        node("short", "CPU=4", 2),
        node("medium", "CPU=4", 5));
    assertThat(policy.select(task("CPU=1", 1_000_000), nodes))
        .as("least-loaded ignores where the inputs are")
        .contains(id("short"));
  }

  @Test
  void onEqualQueuesPicksTheMostAvailableCpu() {
    ResourceSet total = ResourceSet.parse("CPU=8");
    List<NodeView> nodes = List.of(
        new NodeView(id("one-free"), total, ResourceSet.parse("CPU=1"), 3, 10, 1_000, 0),
        new NodeView(id("six-free"), total, ResourceSet.parse("CPU=6"), 3, 10, 1_000, 0),
        new NodeView(id("two-free"), total, ResourceSet.parse("CPU=2"), 3, 10, 1_000, 0));
    assertThat(policy.select(task("CPU=1", 0), nodes)).contains(id("six-free"));
  }

  @Test
  void skipsAnIdleNodeThatCanNeverRunTheTask() {
    List<NodeView> nodes = List.of(node("idle-small", "CPU=1", 0), node("busy-big", "CPU=16", 7));
    assertThat(policy.select(task("CPU=4", 0), nodes)).contains(id("busy-big"));
  }
}
