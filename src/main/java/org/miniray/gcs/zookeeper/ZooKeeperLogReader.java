package org.miniray.gcs.zookeeper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.miniray.common.DaemonThreads;
import org.miniray.common.DebugCounts;
import org.miniray.serialization.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one log of a {@link ZooKeeperGcs} into this client's replica, on one thread, in
 * segment order; and compacts the log.
 *
 * <p>No polling, and no listing: a persistent recursive watch on the log's znode tells the thread
 * of every segment created, by name (the writer also nudges it after its own transactions, whose
 * replies name their segments). So a round usually asks ZooKeeper nothing: the new segments are
 * the numbers between the last one applied and the highest announced. Whenever the events may
 * not tell all (at start, after the watch is set again, after any other event: the pointer moved,
 * segments deleted, the connection changed), the round reads the znode once: its data is the
 * snapshot pointer, and its stat tells the number ZooKeeper will give the next sequential child
 * ({@link #nextNumber}). The thread fetches the new segments by name, in parallel, and applies
 * them in order; a segment a writer logged twice is applied once. A number that names no segment
 * is skipped once the pointer shows that no compaction took it (ZooKeeper numbers without gaps,
 * so this is a defence only). The listing of the segments, whose cost grows with the log, is left
 * for compaction, for a round with many unknown numbers, and for a server without persistent
 * watches (before ZooKeeper 3.6), where each round lists with a child watch.
 *
 * <p>Its own client's segments it applies without decoding them: the writer keeps the entries
 * of each batch until they are applied here, and a segment whose header names this client's
 * writer and a batch it still keeps is applied from those objects. When the transaction's
 * reply has named the segment's znode by the time the reader reaches it, the reader does not even
 * fetch it; a number it does not know while a batch of ours awaits its reply waits for that
 * reply (the watch fires before the reply arrives). In the default cluster the head is the only
 * ZooKeeper client, so its replay decodes nothing; the segments of other writers (a standby
 * head, other clients) are fetched and decoded. Either way the same entries are applied in the same order, with the same checks.
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
  // More unknown numbers than this in a round (a new reader starts from zero, or another writer is
  // far ahead): list the log instead of reading by name.
  private static final int LIST_ABOVE = 32;
  private static final long DEFER_MILLIS = 50;

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
  private final LogWatch watch;
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
  private final AtomicLong listings = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();

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
    this.watch = new LogWatch(client, path, writer.logName(index), this::nudge);
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
        watch.readAgain();
        try {
          thread.schedule(this::nudge, 20, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          // closed meanwhile
        }
      }
    }
  }

  private void catchUp() throws Exception {
    watch.setIfNeeded();
    if (watch.listing()) {
      catchUpByListing(true);
      return;
    }
    long next;
    DebugCounts.count("gcs log round");
    if (watch.mustRead()) {
      DebugCounts.count("gcs log read");
      // One read gives the snapshot pointer and, in its stat, the number the next segment will get:
      // every segment numbered below it is committed and readable now, and none at or above it is.
      reads.incrementAndGet();
      Stat stat = new Stat();
      byte[] pointer = client.getData().storingStatIn(stat).forPath(path);
      pointerVersion = stat.getVersion();
      restoreIfBehind(pointer);
      next = nextNumber(stat);
    } else {
      // No read: the watch named every segment created since the last one, and the pointer has
      // not moved (that too comes as an event); our own segments the writer's replies named.
      next = Math.max(watch.announced(), applied) + 1;
      while (writer.acknowledgements().segmentAt(path + "/" + name(next)) != null) {
        next++;
      }
    }
    long end = Math.min(next, applied + 1 + MAX_FETCH);
    if (end < next) {
      nudge(); // the rest next round
    }
    List<Long> numbers = new ArrayList<>();
    List<WriteAcknowledgements.OwnSegment> own = new ArrayList<>();
    int firstUnknown = -1;
    int lastOwn = -1;
    for (long n = applied + 1; n < end; n++) {
      WriteAcknowledgements.OwnSegment mine = writer.acknowledgements().segmentAt(path + "/" + name(n));
      firstUnknown = mine == null && firstUnknown < 0 ? numbers.size() : firstUnknown;
      lastOwn = mine != null ? numbers.size() : lastOwn;
      numbers.add(n);
      own.add(mine);
    }
    if (numbers.size() - own.stream().filter(o -> o != null).count() > LIST_ABOVE) {
      catchUpByListing(false); // a log read from its start, or another writer far ahead
      return;
    }
    int n = numbers.size();
    if (firstUnknown >= 0 && lastOwn < firstUnknown && writer.acknowledgements().awaitingName(index)) {
      // The unknown ones may be our own batches whose reply is on its way (a watch event arrives
      // before the reply): the writer nudges us once it is named, and we look again soon anyway.
      n = firstUnknown;
      thread.schedule(this::nudge, DEFER_MILLIS, TimeUnit.MILLISECONDS);
    }
    maybeCompact(readInOrder(numbers.subList(0, n), own.subList(0, n)) > 0);
  }

  /**
   * The round as it goes when numbers do not tell: the log's children listed (with the child
   * watch, if {@code watching}: a server without persistent watches), then the pointer.
   */
  private void catchUpByListing(boolean watching) throws Exception {
    listings.incrementAndGet();
    // Children first, then the pointer: a compaction between the two moves the pointer past
    // anything the listing lacks, so no segment can fall between snapshot and listing.
    Stat listed = new Stat();
    List<String> children = watching ? client.getChildren().storingStatIn(listed).usingWatcher(watch.childWatcher()).forPath(path)
        : client.getChildren().storingStatIn(listed).forPath(path);
    Stat stat = new Stat();
    byte[] pointer = client.getData().storingStatIn(stat).forPath(path);
    pointerVersion = stat.getVersion();
    restoreIfBehind(pointer);
    List<Long> fresh = new ArrayList<>();
    for (String c : children) {
      if (c.startsWith("seg-") && seq(c) > applied) {
        fresh.add(seq(c));
      }
    }
    fresh.sort(Comparator.naturalOrder());
    boolean all = fresh.size() <= MAX_FETCH;
    if (!all) {
      fresh = fresh.subList(0, MAX_FETCH);
      nudge(); // the rest next round
    }
    List<WriteAcknowledgements.OwnSegment> own = new ArrayList<>(fresh.size());
    for (long c : fresh) {
      own.add(writer.acknowledgements().segmentAt(path + "/" + name(c)));
    }
    int appliedNow = readInOrder(fresh, own);
    if (appliedNow == fresh.size() && all) {
      applied = Math.max(applied, nextNumber(listed) - 1); // numbers the listing showed free need no look
    }
    maybeCompact(appliedNow > 0);
  }

  /**
   * Applies segments {@code numbers} in order: our own that the writer knows by name ({@code own}
   * not null) from its memory, the others fetched at once, in parallel. A number that names no
   * segment is skipped, once the pointer shows no compaction took it. Returns how many segments
   * it applied; stops early (to start over from the new snapshot next round) if one was compacted.
   */
  private int readInOrder(List<Long> numbers, List<WriteAcknowledgements.OwnSegment> own) throws Exception {
    List<CompletableFuture<byte[]>> data = new ArrayList<>(numbers.size());
    for (int i = 0; i < numbers.size(); i++) {
      data.add(own.get(i) != null ? null : fetch(path + "/" + name(numbers.get(i))).exceptionally(e -> {
        if (e.getCause() instanceof KeeperException.NoNodeException || e instanceof KeeperException.NoNodeException) {
          return null; // a number no segment holds, or one compacted away: told apart below
        }
        throw e instanceof RuntimeException r ? r : new CompletionException(e);
      }));
    }
    boolean gaps = false;
    for (CompletableFuture<byte[]> d : data) {
      gaps |= d != null && d.get(30, TimeUnit.SECONDS) == null;
    }
    // A segment is deleted only by a compaction, in the transaction that moves the pointer past it:
    // if the pointer is still at or below what we applied, a missing number never was a segment.
    if (gaps && SnapshotPointer.segmentOf(client.getData().forPath(path)) > applied) {
      nudge(); // compacted under us: start again from the new snapshot
      return 0;
    }
    int appliedNow = 0;
    for (int i = 0; i < numbers.size() && !closed; i++) {
      WriteAcknowledgements.OwnSegment mine = own.get(i);
      byte[] segment = data.get(i) == null ? null : data.get(i).join();
      if (mine != null) {
        apply(numbers.get(i), writer.writerId(), mine.batch(), mine.entries(), null, mine.encodedBytes());
        unfetched.incrementAndGet();
        appliedNow++;
      } else if (segment != null) {
        LogSegment s = LogSegment.decode(segment);
        List<GcsLogEntry> kept = writer.acknowledgements().entries(s.writer(), s.batch(), index);
        if (kept != null) {
          fetchedOwn.incrementAndGet();
        }
        apply(numbers.get(i), s.writer(), s.batch(), kept, s, segment.length);
        appliedNow++;
      } else {
        applied = numbers.get(i); // a gap
      }
    }
    return appliedNow;
  }

  /** The session was lost and found again: set the watch again, and read the log. */
  void reconnected() {
    watch.reconnected();
    nudge();
  }

  private void restoreIfBehind(byte[] pointer) {
    if (pointer.length > 0) {
      SnapshotPointer p = SnapshotPointer.decode(pointer);
      if (p.segment() > applied) {
        restore(p);
      }
    }
  }

  // A snapshot costs as much as the whole shard, so one is written only once the log since the
  // last holds as many bytes as that snapshot did: compaction then costs a constant factor per
  // byte logged however large the table grows, and batches that are small (under pipelining) do
  // not make it more frequent.
  private void maybeCompact(boolean appliedAny) throws Exception {
    if (compactEvery > 0 && sinceSnapshot >= compactEvery && bytesSinceSnapshot >= snapshotBytes && appliedAny
        && writer.writerId().equals(lastWriter)) {
      compact();
    }
  }

  /**
   * The number ZooKeeper gives the next sequential child of the znode whose stat is {@code s}:
   * its count of children ever created. A stat reports the child version as that count's creates
   * plus the deletes since (twice the count, less the children still there), so the count is
   * recovered from the child version and the number of children.
   */
  static long nextNumber(Stat s) {
    return ((long) s.getCversion() + s.getNumChildren()) / 2;
  }

  private static String name(long seq) {
    return String.format(Locale.ROOT, "seg-%010d", seq);
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
   * znode yet when the reader read it), and decoded (other writers', or ours no longer kept);
   * how many rounds listed the log's children rather than reading segments by number, and how
   * many read the log's znode (the others went by the watch's events and the writer's replies).
   */
  record Replayed(long unfetched, long fetchedOwn, long decoded, long listings, long reads) {
    Replayed plus(Replayed o) {
      return new Replayed(unfetched + o.unfetched, fetchedOwn + o.fetchedOwn, decoded + o.decoded,
          listings + o.listings, reads + o.reads);
    }
  }

  /** How the segments applied so far came, for tests that check which way they went. */
  Replayed replayed() {
    return new Replayed(unfetched.get(), fetchedOwn.get(), decoded.get(), listings.get(), reads.get());
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

  private void compact() throws Exception {
    List<String> covered = new ArrayList<>();
    for (String c : client.getChildren().forPath(path)) {
      if (c.startsWith("seg-") && seq(c) <= applied) {
        covered.add(c);
      }
    }
    byte[] bytes = codec.encode(machine.snapshot(index, lastBatchByWriter));
    String blob = blobs.write(bytes);
    List<CuratorOp> ops = new ArrayList<>();
    ops.add(client.transactionOp().setData().withVersion(pointerVersion)
        .forPath(path, new SnapshotPointer(applied, blob).encode()));
    int inFirst = Math.min(covered.size(), MAX_DELETES);
    for (String c : covered.subList(0, inFirst)) {
      ops.add(client.transactionOp().delete().forPath(path + "/" + c));
    }
    if (snapshotBlob != null) {
      ops.addAll(blobs.deleteOps(snapshotBlob));
    }
    try {
      client.transaction().forOperations(ops);
    } catch (KeeperException e) {
      blobs.delete(blob); // another client compacted first; its snapshot will do
      return;
    }
    pointerVersion++;
    snapshotBlob = blob;
    sinceSnapshot = 0;
    snapshotBytes = bytes.length;
    bytesSinceSnapshot = 0;
    log.debug("GCS log {}: compacted {} segments into a {}-byte snapshot", writer.logName(index), covered.size(),
        bytes.length);
    // The pointer has moved past the rest: they go in further transactions, best effort (what is
    // left, the next compaction lists and deletes).
    for (int from = inFirst; from < covered.size(); from += MAX_DELETES) {
      List<CuratorOp> rest = new ArrayList<>();
      for (String c : covered.subList(from, Math.min(covered.size(), from + MAX_DELETES))) {
        rest.add(client.transactionOp().delete().forPath(path + "/" + c));
      }
      try {
        client.transaction().forOperations(rest);
      } catch (KeeperException e) {
        log.debug("GCS log {}: deleting compacted segments failed ({}); the next compaction lists them",
            writer.logName(index), e.toString());
        return;
      }
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
}
