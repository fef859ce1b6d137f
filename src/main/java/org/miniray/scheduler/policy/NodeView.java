package org.miniray.scheduler.policy;

import org.miniray.id.NodeId;
import org.miniray.task.ResourceSet;

/**
 * What a policy knows of one live node, from its latest heartbeat.
 *
 * @param total all of the node's resources
 * @param available its free resources (may be stale by a heartbeat interval)
 * @param queueLength tasks waiting there
 * @param avgTaskMillis exponential average of its task execution times
 * @param bandwidthBytesPerMs exponential average of its transfer rate (bytes per millisecond)
 * @param localInputBytes bytes of this task's object arguments already stored on the node
 */
public record NodeView(NodeId id, ResourceSet total, ResourceSet available, int queueLength,
    double avgTaskMillis, double bandwidthBytesPerMs, long localInputBytes) {}
