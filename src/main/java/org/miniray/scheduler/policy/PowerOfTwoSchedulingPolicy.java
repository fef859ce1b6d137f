package org.miniray.scheduler.policy;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/**
 * "The power of two choices" (Mitzenmacher): sample two <em>different</em> feasible nodes
 * uniformly at random and keep the one with the shorter
 * {@linkplain PaperSchedulingPolicy#estimatedWaitMillis estimated wait}; on equal estimates,
 * the shorter queue, then the one earlier in the list. With one feasible node, that node.
 *
 * <p>Assumptions: looking at two nodes instead of all of them is nearly as good at spreading
 * load, and cheaper when the cluster is large and the views are stale anyway (many schedulers
 * acting on the same stale views all pile onto the single "best" node; random samples do
 * not). Because the two samples differ, the worst feasible node is never chosen when there
 * are at least two. Randomness comes only from the generator given to the constructor (a
 * {@link SplittableRandom} seeded from {@code miniray.seed} by default).
 */
public final class PowerOfTwoSchedulingPolicy implements SchedulingPolicy {
  private final RandomGenerator random;

  /** Draws from {@code random}, which this policy then owns; for tests that script the draws. */
  public PowerOfTwoSchedulingPolicy(RandomGenerator random) {
    this.random = random;
  }

  public PowerOfTwoSchedulingPolicy(long seed) {
    this(new SplittableRandom(seed));
  }

  public PowerOfTwoSchedulingPolicy(MinirayConfig config) {
    this(config.get(Keys.SEED));
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    List<NodeView> feasible = FeasibleNodes.of(task, nodes);
    int n = feasible.size();
    if (n <= 1) {
      return feasible.stream().findFirst().map(NodeView::id);
    }
    int i = random.nextInt(n);
    int j = random.nextInt(n - 1);
    if (j >= i) {
      j++; // uniform over the n - 1 nodes other than i
    }
    int first = Math.min(i, j);
    int second = Math.max(i, j);
    return Optional.of(better(task, feasible.get(first), feasible.get(second)).id());
  }

  /** The better of two nodes, {@code a} being the earlier in the list. */
  private static NodeView better(TaskRequest task, NodeView a, NodeView b) {
    int c = Double.compare(PaperSchedulingPolicy.estimatedWaitMillis(task, b),
        PaperSchedulingPolicy.estimatedWaitMillis(task, a));
    if (c == 0) {
      c = Integer.compare(b.queueLength(), a.queueLength());
    }
    return c < 0 ? b : a;
  }
}
