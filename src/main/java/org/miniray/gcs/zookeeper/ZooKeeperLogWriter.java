package org.miniray.gcs.zookeeper;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.miniray.common.Clock;
import org.miniray.common.DebugCounts;
import org.miniray.common.DaemonThreads;
import org.miniray.serialization.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread through which a {@link ZooKeeperGcs} client writes: it gathers the entries
 * callers append into batches and writes each batch as one ZooKeeper transaction, with up to
 * {@code maxInFlight} transactions outstanding at once (pipelining).
 *
 * <p>A batch is whatever arrived while the writer waited for a free slot, plus up to
 * {@code maxDelay} more, capped at {@code maxEntries} entries and {@link LogSegment#MAX_BYTES}
 * (a ZooKeeper request must stay under 1 MB). The transaction creates one sequential
 * <em>segment</em> znode per log the batch touches, holding all of that log's entries, so a
 * thousand entries cost one quorum write instead of a thousand.
 *
 * <p><b>Order.</b> An entry appended after another (any thread, any log) is in the same batch or a
 * later one, which must not commit unless the earlier did (else a location could be durable while
 * its task is not). A lost connection fails every pending request and a resend may overtake
 * another, so ZooKeeper enforces the order: every transaction also sets this writer's <em>cursor</em>
 * znode ({@code writers/<id>}) at the version the previous batch left it, and fails as a whole if
 * that one did not commit. After a failure the writer reads the cursor to learn which batches
 * committed and sends the rest again, in order: nothing twice, nothing out of order.
 *
 * <p>A caller's future completes once its entry is durable (a quorum has it) and applied here, with
 * the replay's verdict ({@link ZooKeeperLogReader}, {@link WriteAcknowledgements}); a batch not written
 * for {@code giveUpMillis} fails, with every batch after it.
 */
final class ZooKeeperLogWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperLogWriter.class);

  private final CuratorFramework client;
  private final String logsDir;
  private final String cursor;
  private final int maxInFlight;
  private final long giveUpNanos;
  private final Semaphore slots;
  // Batches sent and not yet known to be committed, oldest first. Guarded by itself.
  private final Deque<Batch> inFlight = new ArrayDeque<>();
  private volatile boolean failed;
  private volatile long failingSince; // clock.nanoTime() of the first failure since the last success; 0: none
  // The cursor's version the next transaction expects; touched only on the writer thread.
  private int cursorVersion;
  private final int shards;
  private final String writerId;
  private final ProtocolCodec codec;
  private final Clock clock;
  private final int maxEntries;
  private final long maxDelayNanos;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final WriteAcknowledgements acks;
  private final Thread thread;
  // The future of the entry last appended to each log (shards, then the global log); guarded by itself.
  private final CompletableFuture<?>[] lastAppended;
  private volatile IntConsumer onWritten = log -> {};
  private volatile boolean closed;
  private long batch;

  /**
   * A writer with a fresh id, batching and resending as {@code options} say (batch size, delay and
   * transactions in flight, write timeout), reading time from {@code clock}.
   */
  ZooKeeperLogWriter(CuratorFramework client, String root, int shards, ProtocolCodec codec, ZooKeeperGcs.Options options,
      Clock clock) {
    this.client = client;
    this.writerId = "w-" + UUID.randomUUID();
    this.acks = new WriteAcknowledgements(writerId);
    this.logsDir = root + "/logs";
    this.cursor = root + "/writers/" + writerId;
    this.maxInFlight = options.batchMaxInFlight();
    this.slots = new Semaphore(maxInFlight);
    this.giveUpNanos = TimeUnit.MILLISECONDS.toNanos(options.writeTimeoutMs());
    this.shards = shards;
    this.codec = codec;
    this.clock = clock;
    this.maxEntries = options.batchMaxEntries();
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(options.batchMaxDelayMs());
    this.lastAppended = new CompletableFuture<?>[shards + 1];
    this.thread = DaemonThreads.named("gcs-writer").newThread(this::run);
  }

  /**
   * Creates this writer's cursor and starts writing; {@code onWritten} is told each log a
   * transaction touched (to read it at once).
   */
  void start(IntConsumer onWritten) throws Exception {
    client.create().creatingParentsIfNeeded().forPath(cursor, longBytes(0));
    this.cursorVersion = 0;
    this.onWritten = onWritten;
    thread.start();
  }

  String logName(int log) {
    return log < shards ? "shard-" + log : "global";
  }

  String writerId() {
    return writerId;
  }

  /**
   * Appends {@code entry} to {@code log}. An entry too large for one transaction ({@link
   * LogSegment#MAX_BYTES}) is refused here, to its caller, and nothing else waits for it: large
   * values (code, checkpoints) go to blobs ({@link LargeValueAppender}), and large task arguments
   * never reach the GCS (the runtime passes them by reference).
   */
  CompletableFuture<Void> append(int log, GcsLogEntry entry) {
    try {
      byte[] bytes = encode(entry);
      if (bytes.length > LogSegment.MAX_BYTES) {
        return CompletableFuture.failedFuture(LogSegment.tooLarge(entry.getClass().getSimpleName(), bytes.length));
      }
      return enqueue(log, CompletableFuture.completedFuture(new Encoded(entry, bytes)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Appends the same entry to every shard's log (not the global one); done when all are. */
  CompletableFuture<Void> appendToEveryShard(GcsLogEntry entry) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[shards];
    for (int i = 0; i < shards; i++) {
      all[i] = append(i, entry);
    }
    return CompletableFuture.allOf(all);
  }

  /** Appends an entry not ready yet (code waiting for its blob) in its place in the order now; later batches wait. */
  CompletableFuture<Void> appendLater(int log, CompletableFuture<GcsLogEntry> entry) {
    return enqueue(log, entry.thenApply(e -> new Encoded(e, encode(e))));
  }

  private CompletableFuture<Void> enqueue(int log, CompletableFuture<Encoded> entry) {
    if (DebugCounts.ON) {
      entry.thenAccept(e -> DebugCounts.count("gcs entry", e.entry().getClass().getSimpleName()));
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    Item item = new Item(log, entry, new CompletableFuture<>());
    synchronized (lastAppended) { // so that lastAppended[log] is the latest in queue order
      queue.add(item);
      lastAppended[log] = item.done;
    }
    if (closed) {
      failQueued();
    }
    return item.done;
  }

  /**
   * Completes once every entry appended before this call is applied to this client's replica (or
   * failed): a log's entries are applied in append order, so the last one of each log stands for
   * the rest.
   */
  CompletableFuture<Void> appliedSoFar() {
    List<CompletableFuture<?>> waits = new ArrayList<>();
    synchronized (lastAppended) {
      for (CompletableFuture<?> f : lastAppended) {
        if (f != null && !f.isDone()) {
          waits.add(f.handle((v, e) -> null));
        }
      }
    }
    return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
  }

  private byte[] encode(GcsLogEntry entry) {
    return codec.encode(entry);
  }

  private void run() {
    List<Item> pending = new ArrayList<>();
    Item carried = null; // the item that would have made the last batch too large: it starts the next
    while (!closed) {
      try {
        if (failed) {
          recover();
          continue;
        }
        Item first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          continue;
        }
        // Waiting for a slot lets the queue fill: the busier ZooKeeper is, the larger the batches.
        while (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          if (closed) {
            first.done.completeExceptionally(new IllegalStateException("GCS is closed"));
            return;
          }
        }
        pending.add(first);
        byte[] firstBytes = ready(first);
        int bytes = firstBytes == null ? 0 : firstBytes.length;
        long deadline = clock.nanoTime() + maxDelayNanos;
        // The batch never goes over LogSegment.MAX_BYTES (every entry alone is under it, ready()
        // refuses the others), so ZooKeeper never refuses it for its size.
        while (pending.size() < maxEntries && bytes < LogSegment.MAX_BYTES) {
          Item next = queue.poll();
          if (next == null) {
            long wait = deadline - clock.nanoTime();
            next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
          }
          if (next == null) {
            break;
          }
          byte[] b = ready(next);
          int size = b == null ? 0 : b.length;
          if (bytes + size > LogSegment.MAX_BYTES) {
            carried = next;
            break;
          }
          pending.add(next);
          bytes += size;
        }
        Batch b = form(pending);
        if (b == null) {
          slots.release();
        } else {
          send(b);
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        log.error("GCS writer: a batch of {} entries failed", pending.size(), e);
        for (Item i : pending) {
          acks.fail(i.done, e);
        }
      } finally {
        pending.clear();
      }
    }
    if (carried != null) {
      carried.done.completeExceptionally(new IllegalStateException("GCS is closed"));
    }
    failQueued();
  }

  // The entry's bytes, waiting for them if need be; null (and the caller told) if they failed or
  // are too large for one transaction.
  private static byte[] ready(Item item) {
    try {
      byte[] b = item.entry.join().bytes();
      if (b.length > LogSegment.MAX_BYTES) {
        item.done.completeExceptionally(LogSegment.tooLarge("log", b.length));
        return null;
      }
      return b;
    } catch (RuntimeException e) {
      item.done.completeExceptionally(e.getCause() != null ? e.getCause() : e);
      return null;
    }
  }

  /** One batch: its number, and one segment per log it touches; {@code keys} in the order of {@code segments}. */
  private record Batch(long seq, Map<Integer, byte[]> segments, List<WriteAcknowledgements.BatchKey> keys) {}

  private Batch form(List<Item> items) {
    long seq = ++batch;
    Map<Integer, List<Item>> byLog = new TreeMap<>();
    for (Item i : items) {
      if (!i.done.isDone()) {
        byLog.computeIfAbsent(i.log, k -> new ArrayList<>()).add(i);
      }
    }
    if (byLog.isEmpty()) {
      return null;
    }
    Map<Integer, byte[]> segments = new TreeMap<>();
    List<WriteAcknowledgements.BatchKey> keys = new ArrayList<>();
    for (Map.Entry<Integer, List<Item>> e : byLog.entrySet()) {
      WriteAcknowledgements.BatchKey key = new WriteAcknowledgements.BatchKey(seq, e.getKey());
      List<Encoded> kept = e.getValue().stream().map(i -> i.entry.join()).toList();
      byte[] segment = new LogSegment(writerId, seq, kept.stream().map(Encoded::bytes).toList()).encode();
      // Registered before the transaction: a reader may apply the segment before it is answered.
      acks.expect(key, e.getValue().stream().map(Item::done).toList(), kept.stream().map(Encoded::entry).toList(), segment.length);
      keys.add(key);
      segments.put(e.getKey(), segment);
    }
    return new Batch(seq, segments, keys);
  }

  /** Sends {@code b} (its slot already taken), chained to the previous batch by the cursor's version. */
  private void send(Batch b) {
    DebugCounts.count("gcs transaction");
    List<Op> ops = new ArrayList<>(b.segments().size() + 1);
    for (Map.Entry<Integer, byte[]> e : b.segments().entrySet()) {
      ops.add(Op.create(logsDir + "/" + logName(e.getKey()) + "/seg-", e.getValue(), ZooDefs.Ids.OPEN_ACL_UNSAFE,
          CreateMode.PERSISTENT_SEQUENTIAL));
    }
    ops.add(Op.setData(cursor, longBytes(b.seq()), cursorVersion++));
    synchronized (inFlight) {
      inFlight.add(b);
    }
    // A disconnected handle would hold it until reconnected, or, replaced (ZooKeeperReconnector), fail it up
    // to a second later, while recover() waits for every answer. recover() resends it.
    if (failed || !client.getZookeeperClient().isConnected()) {
      answered(b, KeeperException.Code.CONNECTIONLOSS.intValue(), null);
      return;
    }
    try {
      ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
      zk.multi(ops, (rc, path, ctx, results) -> answered(b, rc, results), null);
    } catch (Exception e) {
      answered(b, KeeperException.Code.CONNECTIONLOSS.intValue(), null);
    }
  }

  // On ZooKeeper's event thread: must not block.
  private void answered(Batch b, int rc, List<OpResult> results) {
    if (rc == KeeperException.Code.OK.intValue()) {
      failingSince = 0;
      synchronized (inFlight) {
        inFlight.remove(b);
      }
      acks.created(b.keys(), results); // before the readers are nudged: they need not fetch what they hold
      for (WriteAcknowledgements.BatchKey k : b.keys()) {
        onWritten.accept(k.log());
      }
    } else {
      if (failingSince == 0) {
        failingSince = clock.nanoTime();
      }
      failed = true; // the batch stays in flight: recover() finds out whether it committed
      log.debug("GCS batch {} not written ({}); will resend", b.seq(), KeeperException.Code.get(rc));
    }
    slots.release();
  }

  /**
   * After a failed transaction: waits for every outstanding one to answer, learns from the
   * cursor which batches committed, and sends the others again in order. Gives up, failing
   * them, when ZooKeeper cannot be written for {@code giveUpNanos}.
   */
  private void recover() throws InterruptedException {
    while (!closed) {
      // Every transaction sent has answered once all slots are free.
      while (!slots.tryAcquire(maxInFlight, 50, TimeUnit.MILLISECONDS)) {
        if (closed) {
          return;
        }
      }
      slots.release(maxInFlight);
      failed = false;
      try {
        Stat stat = new Stat();
        long committed = ByteBuffer.wrap(client.getData().storingStatIn(stat).forPath(cursor)).getLong();
        cursorVersion = stat.getVersion();
        List<Batch> resend = new ArrayList<>();
        synchronized (inFlight) {
          for (Batch b : inFlight) {
            if (b.seq() <= committed) {
              b.keys().forEach(k -> onWritten.accept(k.log())); // it did commit: the readers will see it
            } else {
              resend.add(b);
            }
          }
          inFlight.clear();
        }
        long since = failingSince;
        if (!resend.isEmpty() && since != 0 && clock.nanoTime() - since > giveUpNanos) {
          synchronized (inFlight) {
            inFlight.addAll(resend);
          }
          giveUp(new IllegalStateException("its transactions kept failing"));
          failed = false;
          return;
        }
        for (Batch b : resend) {
          slots.acquire();
          send(b);
        }
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failed = true;
        long since = failingSince;
        if (since == 0) {
          failingSince = since = clock.nanoTime();
        }
        if (clock.nanoTime() - since > giveUpNanos) {
          giveUp(e);
          return;
        }
        log.debug("GCS writer: cannot read its cursor yet ({}); trying again", e.toString());
        Thread.sleep(10);
      }
    }
  }

  private void giveUp(Exception cause) {
    List<Batch> lost;
    synchronized (inFlight) {
      lost = new ArrayList<>(inFlight);
      inFlight.clear();
    }
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (Batch b : lost) {
      callers.addAll(acks.forget(b.keys()));
    }
    for (Item i; (i = queue.poll()) != null; ) {
      callers.add(i.done); // appended after the lost ones: they must not be logged without them
    }
    IllegalStateException failure = new IllegalStateException("GCS write of " + callers.size()
        + " entries failed: ZooKeeper could not be written for " + TimeUnit.NANOSECONDS.toMillis(giveUpNanos)
        + " ms; they may or may not have been logged: " + cause, cause);
    log.warn(failure.getMessage());
    callers.forEach(f -> acks.fail(f, failure));
    failingSince = 0;
    // `failed` stays set: the next round reads the cursor again before anything new is sent.
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  /** What this writer's callers wait for, and the entries it keeps for its own readers (who complete them). */
  WriteAcknowledgements acknowledgements() {
    return acks;
  }

  private void failQueued() {
    IllegalStateException closedError = new IllegalStateException("GCS is closed");
    for (Item i; (i = queue.poll()) != null; ) {
      i.done.completeExceptionally(closedError);
    }
  }

  /**
   * A clean close: stops sending and deletes this writer's cursor, so a client that closes leaves
   * nothing behind in ZooKeeper. ZooKeeper runs one session's requests in order, so transactions
   * already sent commit (or fail) before the delete. Waits at most {@code waitMillis} for it; when
   * not connected it does not try. A client that crashes leaves its cursor (a few bytes, read by
   * nobody else). Call before closing the client, then {@link #close()}.
   */
  void removeCursor(long waitMillis) {
    closed = true;
    try {
      if (!client.getZookeeperClient().isConnected()) {
        return;
      }
      CountDownLatch deleted = new CountDownLatch(1);
      client.getZookeeperClient().getZooKeeper().delete(cursor, -1, (rc, path, ctx) -> deleted.countDown(), null);
      if (!deleted.await(waitMillis, TimeUnit.MILLISECONDS)) {
        log.debug("GCS writer {}: its cursor was not deleted within {} ms", writerId, waitMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("GCS writer {}: cannot delete its cursor: {}", writerId, e.toString());
    }
  }

  /** Stops the thread; entries not yet written fail with "GCS is closed". Close the client first. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
    acks.close(new IllegalStateException("GCS is closed"));
  }

  /** An entry (immutable: this client's replica applies this very object) and its encoded form. */
  private record Encoded(GcsLogEntry entry, byte[] bytes) {}
  private record Item(int log, CompletableFuture<Encoded> entry, CompletableFuture<Void> done) {}

}
