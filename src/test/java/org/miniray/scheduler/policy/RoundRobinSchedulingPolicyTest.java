package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.id;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;

class RoundRobinSchedulingPolicyTest {
  private final List<NodeView> nodes = List.of(
      node("a", "CPU=2,GPU=1", 0),
      node("b", "CPU=2", 0),
      node("c", "CPU=2,GPU=1", 0));

  @Test
  void cyclesThroughTheNodesInOrder() {
    RoundRobinSchedulingPolicy policy = new RoundRobinSchedulingPolicy(42);
    assertThat(picks(policy, "CPU=1", 7)).containsExactly(
        id("a"), id("b"), id("c"), id("a"), id("b"), id("c"), id("a"));
  }

  @Test
  void cyclesThroughOnlyTheNodesThatCanRunTheTask() {
    RoundRobinSchedulingPolicy policy = new RoundRobinSchedulingPolicy(42);
    assertThat(picks(policy, "GPU=1", 4)).containsExactly(id("a"), id("c"), id("a"), id("c"));
  }

  @Test
  void ignoresLoad() {
    RoundRobinSchedulingPolicy policy = new RoundRobinSchedulingPolicy(42);
    List<NodeView> uneven = List.of(node("x", "CPU=1", 100), node("y", "CPU=1", 0));
    assertThat(policy.select(task("CPU=1", 0), uneven)).contains(id("x"));
    assertThat(policy.select(task("CPU=1", 0), uneven)).contains(id("y"));
    assertThat(policy.select(task("CPU=1", 0), uneven)).contains(id("x"));
  }

  private List<NodeId> picks(RoundRobinSchedulingPolicy policy, String demand, int calls) {
    List<NodeId> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.add(policy.select(task(demand, 0), nodes).orElseThrow());
    }
    return out;
  }
}
