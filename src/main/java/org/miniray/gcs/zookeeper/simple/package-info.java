/**
 * Lab 5's {@link org.miniray.gcs.zookeeper.simple.ZooKeeperSimpleGcs}
 * ({@code miniray.gcs=zookeeper-simple}): the task and object tables of the Global Control Store
 * (paper section 4.2.1, figure 10) kept in ZooKeeper as plainly as possible, one znode per row,
 * through {@link org.miniray.gcs.zookeeper.simple.SimpleZnodes}; the other tables are those of a
 * {@code ZooKeeperGcs}. Students write {@code ZooKeeperSimpleTaskTable} and
 * {@code ZooKeeperSimpleObjectTable} (labs/lab5-gcs, slides/lab5-gcs.md).
 */
package org.miniray.gcs.zookeeper.simple;
