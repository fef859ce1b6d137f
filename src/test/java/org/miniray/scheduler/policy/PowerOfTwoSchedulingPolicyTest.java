package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.id;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;

class PowerOfTwoSchedulingPolicyTest {

  /** Its two samples are different nodes, so the one it keeps is never the worse of all. */
  @Test
  void neverPicksTheNodeWithTheLongestEstimatedWait() {
    Clusters.theory().forAll(longs().all(), Clusters.scenarios()).checkAssert((seed, s) -> {
      List<NodeView> feasible = FeasibleNodes.of(s.task(), s.nodes());
      Comparator<NodeView> byWait =
          Comparator.comparingDouble(n -> PaperSchedulingPolicy.estimatedWaitMillis(s.task(), n));
      if (feasible.size() < 2) {
        return;
      }
      NodeView worst = feasible.stream().max(byWait).orElseThrow();
      boolean worstIsUnique = feasible.stream().filter(n -> byWait.compare(n, worst) == 0).count() == 1;
      if (worstIsUnique) {
        assertThat(new PowerOfTwoSchedulingPolicy(seed).select(s.task(), s.nodes()))
            .as("picked the node with the longest estimated wait among %d feasible", feasible.size())
            .isPresent().get().isNotEqualTo(worst.id());
      }
    });
  }

  @Test
  void picksTheBestNodeMoreOftenThanRandomDoes() {
    List<NodeView> nodes = List.of(node("busy", "CPU=1", 10), node("best", "CPU=1", 0), node("mid", "CPU=1", 5));
    int calls = 3_000;
    int twoChoices = timesPicked(new PowerOfTwoSchedulingPolicy(42), nodes, id("best"), calls);
    int random = timesPicked(new RandomSchedulingPolicy(42), nodes, id("best"), calls);
    // Expected: 2/3 of the calls (any sample containing "best") against 1/3 for random.
    assertThat(twoChoices).as("power-of-two picks of the idle node out of %d", calls)
        .isGreaterThan(random).isBetween(1_850, 2_150);
    assertThat(timesPicked(new PowerOfTwoSchedulingPolicy(42), nodes, id("busy"), calls))
        .as("power-of-two never keeps the busiest of three").isZero();
  }

  @Test
  void onlyFeasibleNodeIsPickedWithoutDrawing() {
    List<NodeView> nodes = List.of(node("cpu", "CPU=4", 0), node("gpu", "CPU=4,GPU=1", 50));
    assertThat(new PowerOfTwoSchedulingPolicy(42).select(task("GPU=1", 0), nodes)).contains(id("gpu"));
  }

  private static int timesPicked(SchedulingPolicy policy, List<NodeView> nodes, NodeId target, int calls) {
    int hits = 0;
    for (int i = 0; i < calls; i++) {
      if (policy.select(task("CPU=1", 0), nodes).orElseThrow().equals(target)) {
        hits++;
      }
    }
    return hits;
  }
}
