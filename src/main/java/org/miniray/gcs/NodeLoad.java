package org.miniray.gcs;

import org.miniray.task.ResourceSet;

/**
 * A node's heartbeat: its free resources and queue, and the exponential averages the paper's
 * scheduler uses (section 4.2.2).
 *
 * @param available resources free now
 * @param queueLength tasks accepted but not yet running
 * @param avgTaskMillis average execution time of its recent tasks
 * @param bandwidthBytesPerMs average rate of its recent object transfers
 * @param objectCount objects in its store
 * @param storeBytes bytes in its store
 * @param forwardedForQueue tasks its local scheduler forwarded because its queue was over the threshold
 * @param forwardedForResources tasks forwarded because the node can never provide their resources
 */
public record NodeLoad(ResourceSet available, int queueLength, double avgTaskMillis, double bandwidthBytesPerMs,
    int objectCount, long storeBytes, long forwardedForQueue, long forwardedForResources) {

  /** A load without forwarding counts. */
  public NodeLoad(ResourceSet available, int queueLength, double avgTaskMillis, double bandwidthBytesPerMs,
      int objectCount, long storeBytes) {
    this(available, queueLength, avgTaskMillis, bandwidthBytesPerMs, objectCount, storeBytes, 0, 0);
  }
}
