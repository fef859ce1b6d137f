package org.miniray.objectstore;

/**
 * What a node's store holds, at one moment: what {@code miniray status} and the dashboard show.
 *
 * @param capacityBytes the most it keeps in memory ({@code miniray.objectstore.capacity.bytes})
 * @param memoryCount objects in memory
 * @param memoryBytes their bytes; never above {@code capacityBytes}
 * @param spilledCount objects spilled to local disk
 * @param spilledBytes their bytes
 */
public record StoreUsage(long capacityBytes, int memoryCount, long memoryBytes, int spilledCount, long spilledBytes) {}
