package org.miniray.scheduler.policy;

import java.util.List;
import java.util.Optional;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/**
 * Deals tasks out to the nodes in turn, like cards: each call takes the first node, at or
 * after the position just past the previous pick, whose total resources cover the demand.
 * Nodes that cannot run the task are skipped without losing their turn for the next task.
 *
 * <p>Assumptions: the node list keeps a fixed order between calls (the interface promises
 * this). The cursor is a position in that list, not a node id, so when a node joins or leaves
 * the rotation may shift by one place; it never skips a node for long. No randomness: the
 * seed is ignored. Calls come from one thread, so the cursor needs no lock.
 */
public final class RoundRobinSchedulingPolicy implements SchedulingPolicy {
  private int cursor;

  /** The seed is unused: this policy makes no random choices. */
  public RoundRobinSchedulingPolicy(long seed) {}

  public RoundRobinSchedulingPolicy(MinirayConfig config) {
    this(0L);
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    int n = nodes.size();
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(cursor + k, n);
      NodeView node = nodes.get(i);
      if (node.total().fits(task.demand())) {
        cursor = (i + 1) % n;
        return Optional.of(node.id());
      }
    }
    return Optional.empty();
  }
}
