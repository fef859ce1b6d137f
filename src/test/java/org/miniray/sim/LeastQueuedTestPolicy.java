package org.miniray.sim;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;
import org.miniray.task.ResourceSet;

/**
 * Test policy, naive on purpose: the node that looked least loaded at its last heartbeat
 * (shortest queue, then most free CPU, then first). It trusts its views completely.
 */
final class LeastQueuedTestPolicy implements SchedulingPolicy {
  private static final Comparator<NodeView> LEAST_LOADED =
      Comparator.comparingInt(NodeView::queueLength)
          .thenComparing(v -> -v.available().get(ResourceSet.CPU));

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    return nodes.stream()
        .filter(v -> v.total().fits(task.demand()))
        .min(LEAST_LOADED)
        .map(NodeView::id);
  }
}
