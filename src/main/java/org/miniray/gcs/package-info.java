/**
 * The Global Control Store (paper section 4.2.1): all of the cluster's control state, so that
 * every other component can be stateless. {@link org.miniray.gcs.Gcs} groups five tables, each
 * with publish/subscribe on changes:
 * <ul>
 *   <li>{@link org.miniray.gcs.ObjectTable}: object id to size and the nodes holding a copy;
 *   <li>{@link org.miniray.gcs.TaskTable}: task specs (the lineage) and their status;
 *   <li>{@link org.miniray.gcs.FunctionTable}: the code of each job;
 *   <li>{@link org.miniray.gcs.ActorTable}: where each actor lives and its state;
 *   <li>{@link org.miniray.gcs.NodeTable}: nodes, their resources, load and liveness.
 * </ul>
 * The interface is asynchronous (every call returns a future) so that it fits a replicated
 * store whose writes take a network round trip. {@link org.miniray.gcs.InMemoryGcs} is sharded
 * by id hash within one process; {@link org.miniray.gcs.GlobalControlStores#selector()} picks
 * the implementation named by {@code miniray.gcs}. {@code GcsContractTest} states the rules
 * every implementation keeps. Lab 5 implements the task and object tables on ZooKeeper.
 *
 * <p><b>{@link org.miniray.gcs.ZooKeeperGcs}</b> ({@code miniray.gcs=zookeeper}) keeps the
 * tables in a ZooKeeper ensemble, replicated by ZooKeeper's atomic broadcast. Its design:
 * <ul>
 *   <li><i>A log per shard, written in batches.</i> ZooKeeper commits a few thousand znodes per
 *       second, so a znode per row cannot carry tens of thousands of tasks per second. Each
 *       write is logged as an operation ({@code GcsLogEntry}); one writer thread per client
 *       gathers what arrives while its previous transaction is in flight (plus up to
 *       {@code miniray.gcs.batch.max.delay.ms}, at most {@code miniray.gcs.batch.max.entries})
 *       into ONE multi-op transaction that creates one sequential segment znode per shard
 *       touched. A future completes when the quorum has acknowledged the batch and this client
 *       has applied it.
 *   <li><i>Order.</i> One writer and one transaction in flight: a later write is in the same
 *       (atomic) transaction as an earlier one or in a later one. So a task's spec is durable
 *       before any of its outputs, even in another shard.
 *   <li><i>Reads and subscriptions are local.</i> Every client replays every log, watched
 *       without polling, into an {@link org.miniray.gcs.InMemoryGcs} replica: the same rules on
 *       every client give the same rows and the same refusals. Tables with rules across keys
 *       (actor names, node join order) use one global log. Heartbeats are ordinary log entries.
 *   <li><i>Compaction and retention.</i> Every {@code miniray.gcs.compaction.segments}
 *       segments a log is snapshotted and the covered segments deleted in one transaction;
 *       {@code miniray.gcs.retention=drop-finished-jobs} removes a finished job's tasks and code.
 *       Values over ZooKeeper's 1 MB znode limit are chunked.
 *   <li><i>What bounds a failover stall.</i> When a server dies, writes wait for ZooKeeper to
 *       elect a leader (a few ticks) and for the client to reconnect (the ZooKeeper client waits
 *       up to 1 s, at random, before trying the next server); Curator retries every 10 ms
 *       within the session timeout, so nothing acknowledged is lost and writes resume by
 *       themselves. {@code GcsBenchmark} measures throughput and the stall.
 * </ul>
 */
package org.miniray.gcs;
