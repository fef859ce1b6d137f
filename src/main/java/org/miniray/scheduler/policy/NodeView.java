package org.miniray.scheduler.policy;

import org.miniray.id.NodeId;
import org.miniray.task.ResourceSet;

/**
 * What a policy knows of one live node: its latest heartbeat, plus the tasks the global
 * scheduler has sent it since (see {@link #plusSent}).
 *
 * @param total all of the node's resources
 * @param available its free resources (may be stale by a heartbeat interval)
 * @param queueLength tasks waiting there
 * @param avgTaskMillis exponential average of its task execution times
 * @param bandwidthBytesPerMs exponential average of its transfer rate (bytes per millisecond)
 * @param localInputBytes bytes of this task's object arguments already stored on the node
 */
public record NodeView(NodeId id, ResourceSet total, ResourceSet available, int queueLength,
    double avgTaskMillis, double bandwidthBytesPerMs, long localInputBytes) {

  /**
   * The average task time a node reports before it has finished a task. Not zero: with zero,
   * {@code queueLength x avgTaskMillis} is zero however long the queue, so every idle-looking
   * node ties and a burst of tasks all goes to the first of them (the simulator did exactly
   * that until both it and the local scheduler started from this value).
   */
  public static final double UNMEASURED_TASK_MILLIS = 1.0;

  /**
   * This view with {@code tasks} more queued and their {@code demand} taken from the available
   * resources: what the node will report once the tasks the global scheduler just sent it
   * arrive. Schedulers apply it between heartbeats so that one stale view does not draw a
   * whole burst of tasks to the same node.
   */
  public NodeView plusSent(int tasks, ResourceSet demand) {
    if (tasks == 0) {
      return this;
    }
    return new NodeView(id, total, available.minus(demand), queueLength + tasks, avgTaskMillis,
        bandwidthBytesPerMs, localInputBytes);
  }
}
