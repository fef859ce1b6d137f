/**
 * <b>{@link org.miniray.gcs.zookeeper.ZooKeeperGcs}</b> ({@code miniray.gcs=zookeeper}): the Global
 * Control Store (paper section 4.2.1) in a ZooKeeper ensemble, replicated by ZooKeeper's atomic
 * broadcast. Also {@link org.miniray.gcs.zookeeper.EmbeddedZooKeeper}: ZooKeeper servers inside this JVM,
 * started when no ensemble is configured, and by the failover tests and benchmarks.
 * Its design:
 * <ul>
 *   <li><i>A log per shard, written in batches.</i> ZooKeeper commits a few thousand znodes per
 *       second, so a znode per row cannot carry tens of thousands of tasks per second. Each
 *       write is logged as an operation ({@code GcsLogEntry}, encoded by a
 *       {@link org.miniray.serialization.ProtocolCodec} over {@code LogFormat.CLASSES}, so a log
 *       of another version is refused, not misread); one writer thread per client
 *       gathers what arrives while it waits for a free slot (plus up to
 *       {@code miniray.gcs.batch.max.delay.ms}, at most {@code miniray.gcs.batch.max.entries})
 *       into ONE multi-op transaction that creates one sequential segment znode per shard
 *       touched, with up to {@code miniray.gcs.batch.max.in.flight} transactions outstanding. A
 *       future completes when the quorum has acknowledged the batch and this client has applied it.
 *   <li><i>Order.</i> Every transaction also sets the writer's cursor znode at the version the
 *       previous one left it, so ZooKeeper commits a batch only after its predecessor: a later
 *       write is in the same (atomic) transaction as an earlier one or in a later one, even with
 *       several in flight and resends after a lost connection. So a task's spec is durable before
 *       any of its outputs, even in another shard.
 *   <li><i>Reads and subscriptions are local.</i> Every client replays every log, watched
 *       without polling, into an {@link org.miniray.gcs.memory.InMemoryGcs} replica: the same rules on
 *       every client give the same rows and the same refusals. Tables with rules across keys
 *       (actor names, node join order) use one global log. Heartbeats are ordinary log entries.
 *   <li><i>Own writes are not decoded.</i> The writer keeps each segment's entries, as appended,
 *       until this client's reader has applied them ({@code WriteAcknowledgements}); the reader
 *       applies those objects for a segment of this writer's instead of decoding it, and does not
 *       fetch it when the transaction's reply already named its znode. So the head, the only
 *       ZooKeeper client of a default cluster, replays its logs without decoding; other writers'
 *       segments are fetched and decoded. Same entries, same order, same checks either way.
 *   <li><i>Compaction and retention.</i> After {@code miniray.gcs.compaction.segments}
 *       segments that hold at least as many bytes as the previous snapshot, a log is snapshotted
 *       and the covered segments deleted in one transaction;
 *       {@code miniray.gcs.retention=drop-finished-jobs} removes a finished job's tasks and code.
 *       Values over ZooKeeper's 1 MB znode limit are chunked.
 *   <li><i>What bounds a failover stall.</i> A follower's death disconnects only the clients it
 *       served; a leader's death makes every server stop serving until a new leader is elected
 *       (ZooKeeper waits 200 ms for late votes, then the followers sync with it) and disconnects
 *       every client. A disconnected ZooKeeper client sleeps up to 1 s, at random and not
 *       configurably, before each attempt to reach a server; only a new handle's first attempt
 *       does not. So {@code ZooKeeperReconnector} probes the servers every few milliseconds and,
 *       at the first that serves (twice, 10 ms apart: {@code ServingServers}), has Curator replace
 *       the handle by one that resumes the same session there, and moves it again if that handle
 *       has not connected within 250 ms. Curator retries reads every 10 ms and the writer resends, in order, what
 *       did not commit (for up to {@code miniray.gcs.zookeeper.write.timeout.ms}). An earlier
 *       replacement of the handle (a new session, on a timer, on whichever server came next)
 *       measured worse and was dropped; this one keeps the session, waits for a server that
 *       serves, and lets the old handle go without waiting for its sleeping thread, which
 *       ZooKeeper's own close would do. {@code org.miniray.bench.GcsBenchmark}
 *       ({@code make bench-gcs}) measures throughput and the stall, step by step.
 * </ul>
 *
 * <p>Lab 5 (slides/lab5-gcs.md) compares it with its simpler cousin in {@code gcs.zookeeper.simple}.
 */
package org.miniray.gcs.zookeeper;
