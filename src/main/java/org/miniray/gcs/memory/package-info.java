/**
 * {@link org.miniray.gcs.memory.InMemoryGcs} ({@code miniray.gcs=memory}): the Global Control
 * Store (paper section 4.2.1) in one process's memory, sharded by id hash as the paper shards it
 * across Redis instances. Each table splits its rows over the shards of a
 * {@link org.miniray.gcs.memory.GcsShards}, each shard with its own lock, subscribers and notifier
 * thread. Tests, the simulator and single-JVM clusters use it, and every
 * {@code ZooKeeperGcs} client keeps one as its replica of the logs (which is why the concrete
 * tables are public). {@code GcsContractTest} checks it.
 */
package org.miniray.gcs.memory;
