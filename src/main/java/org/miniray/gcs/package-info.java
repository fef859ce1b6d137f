/**
 * The Global Control Store (paper section 4.2.1): all of the cluster's control state, so that
 * every other component can be stateless. {@link org.miniray.gcs.Gcs} groups seven tables, the object,
 * task, actor and node tables with publish/subscribe on changes, and three without:
 * <ul>
 *   <li>{@link org.miniray.gcs.ObjectTable}: object id to size and the nodes holding a copy;
 *   <li>{@link org.miniray.gcs.TaskTable}: task specs (the lineage) and their status;
 *   <li>{@link org.miniray.gcs.FunctionTable}: the code of each job;
 *   <li>{@link org.miniray.gcs.CheckpointTable}: each restartable actor's latest checkpoint and
 *       its call log (sections 4.2.3, 5.1; lab 4);
 *   <li>{@link org.miniray.gcs.ActorTable}: where each actor lives and its state;
 *   <li>{@link org.miniray.gcs.NodeTable}: nodes, their resources, load and liveness;
 *   <li>{@link org.miniray.gcs.JobTable}: the cluster's jobs, numbered in order from a counter
 *       it keeps (Ray's job table), with their driver, state and times; {@link org.miniray.gcs.JobSummary}
 *       adds each job's tasks and actors, for {@code miniray jobs} and the dashboard.
 * </ul>
 * The interface is asynchronous (every call returns a future) so that it fits a replicated
 * store whose writes take a network round trip. {@code GcsContractTest} states
 * the rules every implementation keeps.
 *
 * <p>This package holds the interfaces, their rows and values; each implementation has its own
 * sub-package:
 * <ul>
 *   <li>{@code gcs.memory}: {@code InMemoryGcs}, sharded by id hash within one process
 *       ({@code miniray.gcs=memory});
 *   <li>{@code gcs.zookeeper}: {@code ZooKeeperGcs}, the tables as batched logs in a ZooKeeper
 *       ensemble, replayed by every client into an in-memory replica ({@code miniray.gcs=zookeeper});
 *   <li>{@code gcs.zookeeper.simple}: lab 5's {@code ZooKeeperSimpleGcs}, one znode per row
 *       ({@code miniray.gcs=zookeeper-simple});
 *   <li>{@code gcs.remote}: {@code RemoteGcs}, the client that processes use to reach the head's
 *       GCS over the wire, and {@code GcsService}, its server side;
 *   <li>{@code gcs.selector}: {@code GlobalControlStores}, which picks the implementation named by
 *       {@code miniray.gcs} (a package of its own, since it names every implementation).
 * </ul>
 * Used by lab 5 (slides/lab5-gcs.md).
 */
package org.miniray.gcs;
