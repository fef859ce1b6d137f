package org.miniray.scheduler.policy;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/**
 * Picks uniformly at random among the nodes whose total resources cover the demand; a
 * baseline that ignores load and locality.
 *
 * <p>Assumptions: all feasible nodes are equally good. Randomness comes only from the
 * generator given to the constructor (a {@link SplittableRandom} seeded from
 * {@code miniray.seed} by default), and exactly one number is drawn per call that has a
 * feasible node, so the same seed and calls give the same answers.
 */
public final class RandomSchedulingPolicy implements SchedulingPolicy {
  private final RandomGenerator random;

  /** Draws from {@code random}, which this policy then owns; for tests that script the draws. */
  public RandomSchedulingPolicy(RandomGenerator random) {
    this.random = random;
  }

  public RandomSchedulingPolicy(long seed) {
    this(new SplittableRandom(seed));
  }

  public RandomSchedulingPolicy(MinirayConfig config) {
    this(config.get(Keys.SEED));
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    List<NodeView> feasible = FeasibleNodes.of(task, nodes);
    if (feasible.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(feasible.get(random.nextInt(feasible.size())).id());
  }
}
