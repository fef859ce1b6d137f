package org.miniray.sim;

import java.util.List;
import java.util.Optional;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;

/** Test policy: the first node with the demand free (as last reported), else the first that could ever run it. */
final class FirstFeasibleTestPolicy implements SchedulingPolicy {
  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    NodeId fallback = null;
    for (NodeView v : nodes) {
      if (v.available().fits(task.demand())) {
        return Optional.of(v.id());
      }
      if (fallback == null && v.total().fits(task.demand())) {
        fallback = v.id();
      }
    }
    return Optional.ofNullable(fallback);
  }
}
