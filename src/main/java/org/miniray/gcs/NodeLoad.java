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
 * @param objectCount objects in its store's memory
 * @param storeBytes their bytes
 * @param forwardedForQueue tasks its local scheduler forwarded because its queue was over the threshold
 * @param forwardedForResources tasks forwarded because the node can never provide their resources
 * @param storeCapacityBytes the most its store keeps in memory (0: not reported)
 * @param spilledCount objects its store spilled to local disk
 * @param spilledBytes their bytes
 */
public record NodeLoad(ResourceSet available, int queueLength, double avgTaskMillis, double bandwidthBytesPerMs,
    int objectCount, long storeBytes, long forwardedForQueue, long forwardedForResources, long storeCapacityBytes,
    int spilledCount, long spilledBytes) {

  /** A load without its store's capacity and spilled objects. */
  public NodeLoad(ResourceSet available, int queueLength, double avgTaskMillis, double bandwidthBytesPerMs,
      int objectCount, long storeBytes, long forwardedForQueue, long forwardedForResources) {
    this(available, queueLength, avgTaskMillis, bandwidthBytesPerMs, objectCount, storeBytes, forwardedForQueue,
        forwardedForResources, 0, 0, 0);
  }

  /** A load without forwarding counts. */
  public NodeLoad(ResourceSet available, int queueLength, double avgTaskMillis, double bandwidthBytesPerMs,
      int objectCount, long storeBytes) {
    this(available, queueLength, avgTaskMillis, bandwidthBytesPerMs, objectCount, storeBytes, 0, 0);
  }
}
