package org.miniray.scheduler.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/**
 * Sends the task to the feasible node that already stores the most bytes of its inputs;
 * among equals, to the least loaded (shortest queue, then most available CPU, as
 * {@link LeastLoadedSchedulingPolicy}); then to the earliest in the list.
 *
 * <p>Assumptions: moving data costs more than waiting in a queue, however long the queue.
 * That is the opposite bet from the paper's policy, which weighs the two; comparing the two in
 * the simulator shows when locality alone piles work onto the node holding a popular object.
 * No randomness: the seed is ignored.
 */
public final class LocalitySchedulingPolicy implements SchedulingPolicy {

  private static final Comparator<NodeView> BEST_FIRST = Comparator
      .comparingLong(NodeView::localInputBytes).reversed()
      .thenComparing(LeastLoadedSchedulingPolicy.LEAST_LOADED_FIRST);

  /** The seed is unused: this policy makes no random choices. */
  public LocalitySchedulingPolicy(long seed) {}

  public LocalitySchedulingPolicy(MinirayConfig config) {
    this(0L);
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    NodeView best = null;
    for (NodeView n : FeasibleNodes.of(task, nodes)) {
      if (best == null || BEST_FIRST.compare(n, best) < 0) {
        best = n;
      }
    }
    return Optional.ofNullable(best).map(NodeView::id);
  }
}
