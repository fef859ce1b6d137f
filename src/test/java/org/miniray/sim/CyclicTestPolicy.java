package org.miniray.sim;

import java.util.List;
import java.util.Optional;
import org.miniray.id.NodeId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;

/** Test policy: the feasible nodes in turn, so load spreads evenly whatever the views say. */
final class CyclicTestPolicy implements SchedulingPolicy {
  private int next;

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      NodeView v = nodes.get((next + i) % nodes.size());
      if (v.total().fits(task.demand())) {
        next = (next + i + 1) % nodes.size();
        return Optional.of(v.id());
      }
    }
    return Optional.empty();
  }
}
