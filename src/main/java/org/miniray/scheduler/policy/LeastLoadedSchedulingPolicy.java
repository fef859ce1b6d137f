package org.miniray.scheduler.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;
import org.miniray.task.ResourceSet;

/**
 * Sends the task to the feasible node with the shortest queue; among equal queues, to the one
 * with the most CPU available now; then to the earliest in the list.
 *
 * <p>Assumptions: tasks are of similar length everywhere, so a queue's length is a fair
 * measure of its wait (unlike {@link PaperSchedulingPolicy}, it ignores average task times and
 * where the inputs are). Free CPU is the tie-breaker because most tasks demand CPU. No
 * randomness: the seed is ignored.
 */
public final class LeastLoadedSchedulingPolicy implements SchedulingPolicy {

  /** Less loaded first: shorter queue, then more available CPU. Stable sorts keep list order. */
  static final Comparator<NodeView> LEAST_LOADED_FIRST = Comparator
      .comparingInt(NodeView::queueLength)
      .thenComparing(Comparator.comparingDouble(
          (NodeView n) -> n.available().get(ResourceSet.CPU)).reversed());

  /** The seed is unused: this policy makes no random choices. */
  public LeastLoadedSchedulingPolicy(long seed) {}

  public LeastLoadedSchedulingPolicy(MinirayConfig config) {
    this(0L);
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    NodeView best = null;
    for (NodeView n : FeasibleNodes.of(task, nodes)) {
      if (best == null || LEAST_LOADED_FIRST.compare(n, best) < 0) {
        best = n;
      }
    }
    return Optional.ofNullable(best).map(NodeView::id);
  }
}
