package org.miniray.gcs.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.miniray.common.DaemonThreads;
import org.miniray.serialization.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one log of a {@link ZooKeeperGcs} into this client's replica, on one thread, in
 * segment order; and compacts the log.
 *
 * <p>No polling: the thread lists the log's segments with a ZooKeeper child watch, so
 * ZooKeeper tells it when a segment is added (the writer also nudges it after its own
 * transactions, which saves the watch's round trip). It fetches the new segments in parallel
 * and applies them in order; a segment a writer logged twice is applied once.
 *
 * <p>Compaction: the log's znode holds a pointer to a snapshot (a blob of the log's rows as of
 * segment {@code n}). After every {@code compactEvery} segments, the client that wrote the
 * latest segment writes a snapshot and, in one transaction, moves the pointer (checked against
 * its version, so two compacting clients cannot both win) and deletes the segments it covers
 * and the previous snapshot. A reader that finds the pointer ahead of what it has applied
 * restores the snapshot first, then applies the segments after it; a segment deleted under a
 * reader's feet makes it start over from the pointer.
 */
final class ZooKeeperLogReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperLogReader.class);
  private static final int MAX_FETCH = 256;
  private static final int MAX_DELETES = 1000;

  private final int index;
  private final String path;
  private final CuratorFramework client;
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;
  private final ZooKeeperBlobs blobs;
  private final ProtocolCodec codec;
  private final int compactEvery;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final CuratorWatcher watcher = event -> nudge();
  private volatile boolean closed;

  // Touched only on this reader's thread.
  private long applied = -1;
  private int sinceSnapshot;
  private long bytesSinceSnapshot;
  private long snapshotBytes;
  private int pointerVersion;
  private String snapshotBlob;
  private final Map<String, Long> lastBatchByWriter = new HashMap<>();

  /**
   * The parts of one {@link ZooKeeperGcs} client that each of its log readers uses.
   *
   * @param codec the log entries' and snapshots' format
   */
  record Client(CuratorFramework zookeeper, GcsStateMachine machine, ZooKeeperLogWriter writer, ZooKeeperBlobs blobs,
      ProtocolCodec codec) {}

  /**
   * Reads log {@code index} (a shard's, or the global one) stored at {@code path}; compacts after
   * {@code compactEvery} segments.
   */
  ZooKeeperLogReader(int index, String path, Client parts, int compactEvery) {
    this.index = index;
    this.path = path;
    this.client = parts.zookeeper();
    this.machine = parts.machine();
    this.writer = parts.writer();
    this.blobs = parts.blobs();
    this.codec = parts.codec();
    this.compactEvery = compactEvery;
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gcs-log-" + writer.logName(index)));
  }

  /** Reads whatever is new, soon, on the reader's thread; calls made meanwhile are merged. */
  void nudge() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      try {
        thread.execute(this::refresh);
      } catch (RejectedExecutionException closing) {
        // nothing more to read
      }
    }
  }

  /** Reads the log up to its end now; for start-up, so that a new client begins with every row. */
  Future<?> catchUpNow() {
    return thread.submit(() -> {
      catchUp();
      return null;
    });
  }

  long appliedSegment() {
    return applied;
  }

  private void refresh() {
    scheduled.set(false);
    if (closed) {
      return;
    }
    try {
      catchUp();
    } catch (Exception e) {
      if (!closed) {
        log.debug("GCS log {}: reading failed ({}); trying again", writer.logName(index), e.toString());
        try {
          thread.schedule(this::nudge, 20, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          // closed meanwhile
        }
      }
    }
  }

  private void catchUp() throws Exception {
    // Children first, then the pointer: a compaction between the two moves the pointer past
    // anything the listing lacks, so no segment can fall between snapshot and listing.
    List<String> children = client.getChildren().usingWatcher(watcher).forPath(path);
    Stat stat = new Stat();
    byte[] pointer = client.getData().storingStatIn(stat).forPath(path);
    pointerVersion = stat.getVersion();
    if (pointer.length > 0) {
      SnapshotPointer p = SnapshotPointer.decode(pointer);
      if (p.segment() > applied) {
        restore(p);
      }
    }
    List<String> fresh = new ArrayList<>();
    for (String c : children) {
      if (c.startsWith("seg-") && seq(c) > applied) {
        fresh.add(c);
      }
    }
    fresh.sort(Comparator.comparingLong(ZooKeeperLogReader::seq));
    if (fresh.size() > MAX_FETCH) {
      fresh = fresh.subList(0, MAX_FETCH);
      nudge(); // the rest next round
    }
    List<CompletableFuture<byte[]>> data = new ArrayList<>();
    for (String c : fresh) {
      data.add(fetch(path + "/" + c));
    }
    for (int i = 0; i < fresh.size(); i++) {
      byte[] segment;
      try {
        segment = data.get(i).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof KeeperException.NoNodeException) {
          nudge(); // compacted under us: start again from the new snapshot
          return;
        }
        throw e;
      }
      apply(seq(fresh.get(i)), segment);
      if (closed) {
        return;
      }
    }
    // A snapshot costs as much as the whole shard, so one is written only once the log since the
    // last holds as many bytes as that snapshot did: compaction then costs a constant factor per
    // byte logged however large the table grows, and batches that are small (under pipelining) do
    // not make it more frequent.
    if (compactEvery > 0 && sinceSnapshot >= compactEvery && bytesSinceSnapshot >= snapshotBytes
        && !fresh.isEmpty()) {
      String lastWriter = LogSegment.decode(data.get(fresh.size() - 1).get()).writer();
      if (lastWriter.equals(writer.writerId())) {
        compact(children);
      }
    }
  }

  private CompletableFuture<byte[]> fetch(String segment) throws Exception {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    client.getData().inBackground((c, event) -> {
      KeeperException.Code rc = KeeperException.Code.get(event.getResultCode());
      if (rc == KeeperException.Code.OK) {
        f.complete(event.getData());
      } else {
        f.completeExceptionally(KeeperException.create(rc, event.getPath()));
      }
    }).forPath(segment);
    return f;
  }

  private void apply(long seq, byte[] data) {
    LogSegment s = LogSegment.decode(data);
    if (s.batch() > lastBatchByWriter.getOrDefault(s.writer(), -1L)) {
      List<RuntimeException> verdicts = new ArrayList<>(s.entries().size());
      for (byte[] e : s.entries()) {
        GcsLogEntry entry = (GcsLogEntry) codec.decode(e);
        verdicts.add(machine.apply(index, entry));
      }
      lastBatchByWriter.put(s.writer(), s.batch());
      writer.acknowledge(s.writer(), s.batch(), index, verdicts);
    }
    applied = seq;
    sinceSnapshot++;
    bytesSinceSnapshot += data.length;
  }

  private void restore(SnapshotPointer p) {
    byte[] bytes = blobs.read(p.blob());
    LogSnapshot s = (LogSnapshot) codec.decode(bytes);
    snapshotBytes = bytes.length;
    bytesSinceSnapshot = 0;
    machine.restore(s);
    s.lastBatchByWriter().forEach((w, b) -> lastBatchByWriter.merge(w, b, Math::max));
    applied = p.segment();
    sinceSnapshot = 0;
    snapshotBlob = p.blob();
    Long mine = s.lastBatchByWriter().get(writer.writerId());
    if (mine != null) {
      writer.acknowledgeUpTo(index, mine);
    }
  }

  private void compact(List<String> children) throws Exception {
    byte[] bytes = codec.encode(machine.snapshot(index, lastBatchByWriter));
    String blob = blobs.write(bytes);
    List<CuratorOp> ops = new ArrayList<>();
    ops.add(client.transactionOp().setData().withVersion(pointerVersion)
        .forPath(path, new SnapshotPointer(applied, blob).encode()));
    for (String c : children) {
      if (c.startsWith("seg-") && seq(c) <= applied && ops.size() < MAX_DELETES) {
        ops.add(client.transactionOp().delete().forPath(path + "/" + c));
      }
    }
    if (snapshotBlob != null) {
      ops.addAll(blobs.deleteOps(snapshotBlob));
    }
    try {
      client.transaction().forOperations(ops);
      pointerVersion++;
      snapshotBlob = blob;
      sinceSnapshot = 0;
      snapshotBytes = bytes.length;
      bytesSinceSnapshot = 0;
      log.debug("GCS log {}: compacted {} segments into a {}-byte snapshot", writer.logName(index), ops.size() - 1,
          bytes.length);
    } catch (KeeperException e) {
      blobs.delete(blob); // another client compacted first; its snapshot will do
    }
  }

  private static long seq(String child) {
    return Long.parseLong(child.substring(child.lastIndexOf('-') + 1));
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a log's znode holds: the segment its snapshot covers up to, and the snapshot's blob. */
  record SnapshotPointer(long segment, String blob) {
    byte[] encode() {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(buf)) {
        out.writeLong(segment);
        out.writeUTF(blob);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buf.toByteArray();
    }

    static SnapshotPointer decode(byte[] b) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
        return new SnapshotPointer(in.readLong(), in.readUTF());
      } catch (IOException e) {
        throw new UncheckedIOException("malformed snapshot pointer", e);
      }
    }
  }
}
