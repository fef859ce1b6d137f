package org.miniray.gcs.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.zookeeper.OpResult;
import org.miniray.common.DaemonThreads;

/**
 * The callers' futures of one {@link ZooKeeperLogWriter}'s batches, by batch and log, until the
 * log's reader has applied the segment (then each future completes with the verdict the replay
 * gave its entry) or the writer gives up. Callers' continuations run on one thread of their own,
 * never on a log's reader thread, which they could block.
 *
 * <p>With the futures it keeps each segment's entries, the objects the callers appended, so that
 * this client's reader applies its own segments without decoding them ({@link #entries}), and
 * without fetching them at all once the transaction's reply named the znode ({@link #created}).
 * Both are dropped with the futures: when the segment is applied, covered by a snapshot, or
 * given up, or when the client closes. So what is kept is bounded by the batches written and
 * not yet applied here.
 */
final class WriteAcknowledgements {
  /** One batch's segment in one log. */
  record BatchKey(long batch, int log) {}

  /**
   * One of this writer's segments, as it was written: its batch, its entries in order, and the
   * size of its encoded form (what a reader that fetched it would have read).
   */
  record OwnSegment(long batch, List<GcsLogEntry> entries, int encodedBytes) {}

  private static final class Pending {
    final List<CompletableFuture<Void>> callers;
    final OwnSegment segment;
    volatile String znode; // set, under the lock, once the transaction's reply named it

    Pending(List<CompletableFuture<Void>> callers, OwnSegment segment) {
      this.callers = callers;
      this.segment = segment;
    }
  }

  private final String writerId;
  private final Map<BatchKey, Pending> waiting = new ConcurrentHashMap<>();
  // The znodes of segments in `waiting` whose transaction has answered. Added and removed under
  // `this`, together with `waiting`, so no name outlives its segment.
  private final Map<String, BatchKey> byZnode = new ConcurrentHashMap<>();
  private final ExecutorService acks = Executors.newSingleThreadExecutor(DaemonThreads.named("gcs-acks"));

  WriteAcknowledgements(String writerId) {
    this.writerId = writerId;
  }

  /**
   * Registers the callers of one segment and its entries, in entry order, with the size of the
   * segment's encoded form; before the transaction, as a reader may apply it first.
   */
  void expect(BatchKey key, List<CompletableFuture<Void>> callers, List<GcsLogEntry> entries, int encodedBytes) {
    waiting.put(key, new Pending(callers, new OwnSegment(key.batch(), List.copyOf(entries), encodedBytes)));
  }

  /**
   * The transaction of {@code key} committed and created {@code znode}: a reader that lists that
   * name may apply the entries without fetching it. A segment already applied (its reader saw it
   * before this reply was handled) is not recorded. The name stands for our segment for as long
   * as it is kept: ZooKeeper numbers a parent's sequential children from the parent's own
   * counter, and nothing deletes a log's znode. A reader may list the znode before the reply is
   * handled here (the child watch fires before the reply arrives, and a synchronous read returns
   * on the ZooKeeper client's I/O thread while callbacks run on its event thread); it then
   * fetches the segment and finds the entries by its header ({@link #entries}).
   */
  synchronized void created(BatchKey key, String znode) {
    Pending p = waiting.get(key);
    if (p != null) {
      p.znode = znode;
      byZnode.put(znode, key);
    }
  }

  /**
   * A transaction committed: {@code results} are its ops' results, the creates of the segments of
   * {@code keys} first, in that order (as {@link ZooKeeperLogWriter} sends them).
   */
  void created(List<BatchKey> keys, List<OpResult> results) {
    for (int i = 0; i < keys.size() && results != null && i < results.size(); i++) {
      if (results.get(i) instanceof OpResult.CreateResult c) {
        created(keys.get(i), c.getPath());
      }
    }
  }

  /** The segment of ours stored at {@code znode}, if this writer's reply named it and it is not applied yet; else null. */
  OwnSegment segmentAt(String znode) {
    BatchKey key = byZnode.get(znode);
    Pending p = key == null ? null : waiting.get(key);
    return p == null ? null : p.segment;
  }

  /**
   * Whether a batch of ours for {@code log} is registered and its transaction's reply has not
   * named its znode yet: a segment the reader does not know may then be ours, about to be named.
   */
  boolean awaitingName(int log) {
    for (Map.Entry<BatchKey, Pending> e : waiting.entrySet()) {
      if (e.getKey().log() == log && e.getValue().znode == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The entries of batch {@code batch} in {@code log} if {@code writer} is this one and they are
   * still kept (not applied, given up or covered by a snapshot yet); else null, and the reader
   * decodes the segment.
   */
  List<GcsLogEntry> entries(String writer, long batch, int log) {
    if (!writer.equals(writerId)) {
      return null;
    }
    Pending p = waiting.get(new BatchKey(batch, log));
    return p == null ? null : p.segment.entries();
  }

  private synchronized Pending remove(BatchKey key) {
    Pending p = waiting.remove(key);
    if (p != null && p.znode != null) {
      byZnode.remove(p.znode);
    }
    return p;
  }

  /** How many segments are kept, for tests of the bound. */
  int kept() {
    return waiting.size();
  }

  /** Called by the reader of {@code log} when it has applied a segment; completes our callers' futures. */
  void acknowledge(String writer, long batch, int log, List<RuntimeException> verdicts) {
    if (!writer.equals(writerId)) {
      return;
    }
    Pending p = remove(new BatchKey(batch, log));
    if (p == null) {
      return; // a second copy of the segment, or a batch we already gave up on
    }
    List<CompletableFuture<Void>> fs = p.callers;
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
    for (BatchKey k : waiting.keySet()) {
      if (k.log() == log && k.batch() <= batch) {
        Pending p = remove(k);
        if (p != null) {
          execute(() -> p.callers.forEach(f -> f.complete(null)));
        }
      }
    }
  }

  /** Stops waiting for {@code keys}; returns their callers, for the writer to fail. */
  List<CompletableFuture<Void>> forget(List<BatchKey> keys) {
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (BatchKey k : keys) {
      Pending p = remove(k);
      if (p != null) {
        callers.addAll(p.callers);
      }
    }
    return callers;
  }

  void fail(CompletableFuture<Void> f, Throwable t) {
    execute(() -> f.completeExceptionally(t));
  }

  private void execute(Runnable r) {
    try {
      acks.execute(r);
    } catch (RejectedExecutionException closedAlready) {
      r.run();
    }
  }

  /** Fails every future still waiting with {@code closedError} and stops the thread. */
  synchronized void close(IllegalStateException closedError) {
    waiting.values().forEach(p -> p.callers.forEach(f -> f.completeExceptionally(closedError)));
    waiting.clear();
    byZnode.clear();
    acks.shutdown();
  }
}
