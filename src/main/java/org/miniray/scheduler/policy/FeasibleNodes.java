package org.miniray.scheduler.policy;

import java.util.ArrayList;
import java.util.List;

/** The one feasibility rule every built-in policy shares, so that none can drift from it. */
final class FeasibleNodes {
  private FeasibleNodes() {}

  /**
   * The nodes whose <em>total</em> resources cover the task's demand, in the given order.
   * Availability is not checked: a busy node can still queue the task.
   */
  static List<NodeView> of(TaskRequest task, List<NodeView> nodes) {
    List<NodeView> feasible = new ArrayList<>(nodes.size());
    for (NodeView n : nodes) {
      if (n.total().fits(task.demand())) {
        feasible.add(n);
      }
    }
    return feasible;
  }
}
