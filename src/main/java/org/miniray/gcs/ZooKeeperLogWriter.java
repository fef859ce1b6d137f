package org.miniray.gcs;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.miniray.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread through which a {@link ZooKeeperGcs} client writes: it gathers the entries
 * callers append into batches and writes each batch as one ZooKeeper transaction.
 *
 * <p>A batch is whatever arrived while the previous transaction was in flight, plus up to
 * {@code maxDelay} more, capped at {@code maxEntries} entries and {@link #MAX_BATCH_BYTES}
 * (a ZooKeeper request must stay under 1 MB). The transaction creates one sequential
 * <em>segment</em> znode per log the batch touches, holding all of that log's entries, so a
 * thousand entries cost one quorum write instead of a thousand. Only one transaction is in
 * flight at a time: batches therefore commit in the order they were formed, and a batch is
 * formed from the queue in the order callers appended. That is the whole ordering argument:
 * an entry appended after another (from any thread, for any log) is in the same transaction
 * (atomic: both or neither) or in a later one, which ZooKeeper commits later. So a task's spec
 * is durable before any of its outputs is published, even when the two live in different
 * shards.
 *
 * <p>A caller's future completes only when its entry is durable (the transaction was
 * acknowledged by a quorum) and has been applied to this client's replica, with the verdict
 * the replay gave it ({@link ZooKeeperLogReader} calls {@link #acknowledge}). Curator retries a
 * transaction whose connection was lost; if the first attempt had in fact committed, the
 * segment is there twice, and the readers skip the second copy by its (writer, batch) number.
 */
final class ZooKeeperLogWriter implements AutoCloseable {
  /** Bytes of entries per transaction; ZooKeeper's default request limit (jute.maxbuffer) is 1 MB. */
  static final int MAX_BATCH_BYTES = 700 * 1024;
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperLogWriter.class);

  private final CuratorFramework client;
  private final String logsDir;
  private final int shards;
  private final String writerId;
  private final Serializer codec;
  private final int maxEntries;
  private final long maxDelayNanos;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Map<BatchKey, List<CompletableFuture<Void>>> unacknowledged = new ConcurrentHashMap<>();
  // Callers' continuations run here, never on a log's reader thread, which they could block.
  private final ExecutorService acks = Executors.newSingleThreadExecutor(
      new ThreadFactoryBuilder().setNameFormat("gcs-acks").setDaemon(true).build());
  private final Thread thread;
  private volatile IntConsumer onWritten = log -> {};
  private volatile boolean closed;
  private long batch;

  ZooKeeperLogWriter(CuratorFramework client, String logsDir, int shards, String writerId, Serializer codec,
      int maxEntries, long maxDelayMillis) {
    this.client = client;
    this.logsDir = logsDir;
    this.shards = shards;
    this.writerId = writerId;
    this.codec = codec;
    this.maxEntries = maxEntries;
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    this.thread = new Thread(this::run, "gcs-writer");
    thread.setDaemon(true);
  }

  /** Starts writing; {@code onWritten} is told each log a transaction touched (to read it at once). */
  void start(IntConsumer onWritten) {
    this.onWritten = onWritten;
    thread.start();
  }

  String logName(int log) {
    return log < shards ? "shard-" + log : "global";
  }

  String writerId() {
    return writerId;
  }

  CompletableFuture<Void> append(int log, GcsLogEntry entry) {
    try {
      return append(log, CompletableFuture.completedFuture(encode(entry)));
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

  /**
   * Appends an entry whose bytes are not ready yet (function code waiting for its blob). It
   * still takes its place in the order now: the writer waits for it before forming later batches.
   */
  CompletableFuture<Void> append(int log, CompletableFuture<byte[]> entryBytes) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    Item item = new Item(log, entryBytes, new CompletableFuture<>());
    queue.add(item);
    if (closed) {
      failQueued();
    }
    return item.done;
  }

  byte[] encode(GcsLogEntry entry) {
    return codec.serialize(entry).bytes();
  }

  private void run() {
    List<Item> pending = new ArrayList<>();
    while (!closed) {
      try {
        Item first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        pending.add(first);
        int bytes = 0;
        long deadline = System.nanoTime() + maxDelayNanos;
        while (true) {
          Item last = pending.get(pending.size() - 1);
          byte[] b = ready(last);
          bytes += b == null ? 0 : b.length;
          if (pending.size() >= maxEntries || bytes >= MAX_BATCH_BYTES) {
            break;
          }
          Item next = queue.poll();
          if (next == null) {
            long wait = deadline - System.nanoTime();
            next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
          }
          if (next == null) {
            break;
          }
          pending.add(next);
        }
        write(pending);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        log.error("GCS writer: a batch of {} entries failed", pending.size(), e);
        for (Item i : pending) {
          fail(i.done, e);
        }
      } finally {
        pending.clear();
      }
    }
    failQueued();
  }

  // The entry's bytes, waiting for them if need be; null (and the caller told) if they failed.
  private static byte[] ready(Item item) {
    try {
      return item.bytes.join();
    } catch (RuntimeException e) {
      item.done.completeExceptionally(e.getCause() != null ? e.getCause() : e);
      return null;
    }
  }

  private void write(List<Item> items) {
    long seq = ++batch;
    Map<Integer, List<Item>> byLog = new TreeMap<>();
    for (Item i : items) {
      if (!i.done.isDone()) {
        byLog.computeIfAbsent(i.log, k -> new ArrayList<>()).add(i);
      }
    }
    if (byLog.isEmpty()) {
      return;
    }
    List<CuratorOp> ops = new ArrayList<>();
    List<BatchKey> keys = new ArrayList<>();
    try {
      for (Map.Entry<Integer, List<Item>> e : byLog.entrySet()) {
        BatchKey key = new BatchKey(seq, e.getKey());
        // Registered before the transaction: a reader may apply the segment before forOperations returns.
        unacknowledged.put(key, e.getValue().stream().map(Item::done).toList());
        keys.add(key);
        ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(logsDir + "/" + logName(e.getKey()) + "/seg-", encodeSegment(seq, e.getValue())));
      }
      client.transaction().forOperations(ops);
    } catch (Exception e) {
      IllegalStateException failure = new IllegalStateException(closed ? "GCS is closed"
          : "GCS write of " + items.size() + " entries failed; they may or may not have been logged: " + e, e);
      for (BatchKey k : keys) {
        List<CompletableFuture<Void>> fs = unacknowledged.remove(k);
        if (fs != null) {
          fs.forEach(f -> fail(f, failure));
        }
      }
      return;
    }
    for (BatchKey k : keys) {
      onWritten.accept(k.log());
    }
  }

  private byte[] encodeSegment(long seq, List<Item> items) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeUTF(writerId);
      out.writeLong(seq);
      out.writeInt(items.size());
      for (Item i : items) {
        byte[] b = i.bytes.join();
        out.writeInt(b.length);
        out.write(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** One log's part of one batch, as stored in a segment znode. */
  record Segment(String writer, long batch, List<byte[]> entries) {}

  static Segment decodeSegment(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      String writer = in.readUTF();
      long batch = in.readLong();
      int n = in.readInt();
      List<byte[]> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        entries.add(b);
      }
      return new Segment(writer, batch, entries);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed GCS log segment", e);
    }
  }

  /** Called by the reader of {@code log} when it has applied a segment; completes our callers' futures. */
  void acknowledge(String writer, long batch, int log, List<RuntimeException> verdicts) {
    if (!writer.equals(writerId)) {
      return;
    }
    List<CompletableFuture<Void>> fs = unacknowledged.remove(new BatchKey(batch, log));
    if (fs == null) {
      return; // a second copy of the segment, or a batch we already gave up on
    }
    execute(() -> {
      for (int i = 0; i < fs.size(); i++) {
        RuntimeException refused = i < verdicts.size() ? verdicts.get(i) : null;
        if (refused == null) {
          fs.get(i).complete(null);
        } else {
          fs.get(i).completeExceptionally(refused);
        }
      }
    });
  }

  /**
   * A snapshot covered our batches up to {@code batch} in {@code log} before we read them: they
   * are durable and applied, but their verdicts are lost; report success.
   */
  void acknowledgeUpTo(int log, long batch) {
    for (BatchKey k : unacknowledged.keySet()) {
      if (k.log() == log && k.batch() <= batch) {
        List<CompletableFuture<Void>> fs = unacknowledged.remove(k);
        if (fs != null) {
          execute(() -> fs.forEach(f -> f.complete(null)));
        }
      }
    }
  }

  private void fail(CompletableFuture<Void> f, Throwable t) {
    execute(() -> f.completeExceptionally(t));
  }

  private void execute(Runnable r) {
    try {
      acks.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
      r.run();
    }
  }

  private void failQueued() {
    IllegalStateException closedError = new IllegalStateException("GCS is closed");
    for (Item i; (i = queue.poll()) != null; ) {
      i.done.completeExceptionally(closedError);
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
    IllegalStateException closedError = new IllegalStateException("GCS is closed");
    unacknowledged.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(closedError)));
    unacknowledged.clear();
    acks.shutdown();
  }

  private record Item(int log, CompletableFuture<byte[]> bytes, CompletableFuture<Void> done) {}

  private record BatchKey(long batch, int log) {}
}
