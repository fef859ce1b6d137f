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
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Its own client's segments it applies without decoding them: the writer keeps the entries
 * of each batch until they are applied here, and a segment whose header names this client's
 * writer and a batch it still keeps is applied from those objects. When the transaction's
 * reply has named the segment's znode by the time the reader lists it, the reader does not even
 * fetch it. In the default cluster the head is the only ZooKeeper client, so its replay decodes
 * nothing; the segments of other writers (a standby head, other clients) are fetched and
 * decoded. Either way the same entries are applied in the same order, with the same checks.
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
  private String lastWriter; // of the last segment applied or skipped
  // How the segments applied came: see Replayed.
  private final AtomicLong unfetched = new AtomicLong();
  private final AtomicLong fetchedOwn = new AtomicLong();
  private final AtomicLong decoded = new AtomicLong();

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
    // Our own segments that the writer already knows by name need no fetch; the others are fetched at once, in parallel.
    List<WriteAcknowledgements.OwnSegment> own = new ArrayList<>(fresh.size());
    List<CompletableFuture<byte[]>> data = new ArrayList<>(fresh.size());
    for (String c : fresh) {
      WriteAcknowledgements.OwnSegment mine = writer.acknowledgements().segmentAt(path + "/" + c);
      own.add(mine);
      data.add(mine != null ? null : fetch(path + "/" + c));
    }
    for (int i = 0; i < fresh.size(); i++) {
      WriteAcknowledgements.OwnSegment mine = own.get(i);
      if (mine != null) {
        apply(seq(fresh.get(i)), writer.writerId(), mine.batch(), mine.entries(), null, mine.encodedBytes());
        unfetched.incrementAndGet();
      } else {
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
        LogSegment s = LogSegment.decode(segment);
        List<GcsLogEntry> kept = writer.acknowledgements().entries(s.writer(), s.batch(), index);
        if (kept != null) {
          fetchedOwn.incrementAndGet();
        }
        apply(seq(fresh.get(i)), s.writer(), s.batch(), kept, s, segment.length);
      }
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
      if (writer.writerId().equals(lastWriter)) {
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

  /**
   * Applies segment {@code seq}, batch {@code batch} of {@code segmentWriter}: the entries as they
   * were appended ({@code kept}, this client's own) or else decoded from {@code stored}. A batch
   * applied already (a resend that committed twice) is skipped whichever way it came.
   */
  private void apply(long seq, String segmentWriter, long batch, List<GcsLogEntry> kept, LogSegment stored,
      int encodedBytes) {
    if (batch > lastBatchByWriter.getOrDefault(segmentWriter, -1L)) {
      int n = kept != null ? kept.size() : stored.entries().size();
      List<RuntimeException> verdicts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        GcsLogEntry entry = kept != null ? kept.get(i)
            : (GcsLogEntry) codec.decode(stored.entries().get(i));
        verdicts.add(machine.apply(index, entry));
      }
      if (kept == null) {
        decoded.incrementAndGet();
      }
      lastBatchByWriter.put(segmentWriter, batch);
      writer.acknowledgements().acknowledge(segmentWriter, batch, index, verdicts);
    }
    lastWriter = segmentWriter;
    applied = seq;
    sinceSnapshot++;
    bytesSinceSnapshot += encodedBytes;
  }

  /**
   * How a reader came by the segments it applied: its own client's from the writer's memory
   * without fetching them, its own client's fetched but not decoded (the reply had not named the
   * znode yet when the reader listed it), and decoded (other writers', or ours no longer kept).
   */
  record Replayed(long unfetched, long fetchedOwn, long decoded) {
    Replayed plus(Replayed o) {
      return new Replayed(unfetched + o.unfetched, fetchedOwn + o.fetchedOwn, decoded + o.decoded);
    }
  }

  /** How the segments applied so far came, for tests that check which way they went. */
  Replayed replayed() {
    return new Replayed(unfetched.get(), fetchedOwn.get(), decoded.get());
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
      writer.acknowledgements().acknowledgeUpTo(index, mine);
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
