package org.miniray.scheduler.policy;

import java.util.List;
import java.util.Optional;
import org.miniray.id.NodeId;

/**
 * Picks the node a task should run on.
 *
 * <p>Rules for implementations (checked by {@code SchedulingPolicyContractTest}):
 * <ul>
 *   <li>return a node whose <em>total</em> resources cover the demand, never one that cannot
 *       ever run the task (it may be busy now: the task then queues there);
 *   <li>return empty exactly when no node's total resources cover the demand (the task is
 *       infeasible until a bigger node joins);
 *   <li>be deterministic: the same calls on a policy made with the same seed give the same
 *       answers. Take randomness from the seed you are given, never from the clock;
 *   <li>do not block or keep references to the views; you may keep small state of your own
 *       (a round-robin cursor). Calls come from one thread at a time.
 * </ul>
 */
public interface SchedulingPolicy {

  /**
   * The node for {@code task} among {@code nodes} (the live nodes, in a fixed order), or empty
   * when none can ever run it.
   */
  Optional<NodeId> select(TaskRequest task, List<NodeView> nodes);
}
