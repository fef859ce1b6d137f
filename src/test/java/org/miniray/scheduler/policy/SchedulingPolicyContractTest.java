package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.Clusters.Scenario;

/**
 * The rules of {@link SchedulingPolicy}, checked for one implementation. To check your own
 * policy, write a subclass whose {@link #create} returns it.
 *
 * <p>The properties run on random clusters of 1 to 20 nodes ({@link Clusters}), drawn from a
 * fixed seed so a failure repeats; on a failure QuickTheories prints the smallest failing
 * task and cluster. {@code -DQT_SEED=<n>} draws other clusters.
 */
abstract class SchedulingPolicyContractTest {

  /** A fresh policy; two made with the same seed must behave the same. */
  protected abstract SchedulingPolicy create(long seed);

  @Test
  @DisplayName("never picks a node whose total resources are too small")
  void neverPicksNodeWithoutTheResources() {
    Clusters.theory().forAll(longs().all(), Clusters.scenarios()).checkAssert((seed, s) -> {
      Optional<NodeId> picked = create(seed).select(s.task(), s.nodes());
      picked.ifPresent(id -> assertThat(view(s, id).total().fits(s.task().demand()))
          .as("placed a task needing %s on %s, whose total is only %s", s.task().demand(), id,
              view(s, id).total())
          .isTrue());
    });
  }

  @Test
  @DisplayName("finds no node exactly when no node could ever run the task")
  void infeasibleExactlyWhenNoNodeFits() {
    Clusters.theory().forAll(longs().all(), Clusters.scenarios()).checkAssert((seed, s) -> {
      boolean someNodeFits = s.nodes().stream().anyMatch(n -> n.total().fits(s.task().demand()));
      assertThat(create(seed).select(s.task(), s.nodes()).isPresent())
          .as(someNodeFits ? "called a task infeasible though a node's total covers it"
              : "placed a task that no node's total covers")
          .isEqualTo(someNodeFits);
    });
  }

  @Test
  @DisplayName("picks only among the nodes it is offered")
  void picksOnlyFromGivenNodes() {
    Clusters.theory().forAll(longs().all(), Clusters.scenarios()).checkAssert((seed, s) -> {
      Set<NodeId> given = s.nodes().stream().map(NodeView::id).collect(Collectors.toSet());
      create(seed).select(s.task(), s.nodes())
          .ifPresent(id -> assertThat(given).as("picked a node it was not offered").contains(id));
    });
  }

  @Test
  @DisplayName("gives the same answers for the same seed")
  void deterministicForAGivenSeed() {
    Clusters.theory().withExamples(20).forAll(longs().all(), lists().of(Clusters.scenarios()).ofSize(200))
        .checkAssert((seed, calls) -> assertThat(answers(create(seed), calls))
            .as("two policies made with seed %d gave different answers to the same 200 calls", seed)
            .isEqualTo(answers(create(seed), calls)));
  }

  @Test
  @DisplayName("finds no node in an empty cluster")
  void emptyClusterIsInfeasible() {
    SchedulingPolicy policy = create(42);
    for (String demand : List.of("", "CPU=1", "GPU=0.5,accel=0.001")) {
      assertThat(policy.select(Clusters.task(demand, 0), List.of()))
          .as("a task needing {%s} with no live nodes", demand)
          .isEmpty();
    }
  }

  private static List<Optional<NodeId>> answers(SchedulingPolicy policy, List<Scenario> calls) {
    List<Optional<NodeId>> out = new ArrayList<>(calls.size());
    for (Scenario s : calls) {
      out.add(policy.select(s.task(), s.nodes()));
    }
    return out;
  }

  static NodeView view(Scenario s, NodeId id) {
    return s.nodes().stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("picked " + id + ", which it was not offered"));
  }
}
