package org.miniray.gcs.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.miniray.common.DaemonThreads;

/**
 * The callers' futures of one {@link ZooKeeperLogWriter}'s batches, by batch and log, until the
 * log's reader has applied the segment (then each future completes with the verdict the replay
 * gave its entry) or the writer gives up. Callers' continuations run on one thread of their own,
 * never on a log's reader thread, which they could block.
 */
final class WriteAcknowledgements {
  /** One batch's segment in one log. */
  record BatchKey(long batch, int log) {}

  private final String writerId;
  private final Map<BatchKey, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final ExecutorService acks = Executors.newSingleThreadExecutor(DaemonThreads.named("gcs-acks"));

  WriteAcknowledgements(String writerId) {
    this.writerId = writerId;
  }

  /** Registers the callers of one segment, in entry order; before the transaction, as a reader may apply it first. */
  void expect(BatchKey key, List<CompletableFuture<Void>> callers) {
    waiting.put(key, callers);
  }

  /** Called by the reader of {@code log} when it has applied a segment; completes our callers' futures. */
  void acknowledge(String writer, long batch, int log, List<RuntimeException> verdicts) {
    if (!writer.equals(writerId)) {
      return;
    }
    List<CompletableFuture<Void>> fs = waiting.remove(new BatchKey(batch, log));
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
    for (BatchKey k : waiting.keySet()) {
      if (k.log() == log && k.batch() <= batch) {
        List<CompletableFuture<Void>> fs = waiting.remove(k);
        if (fs != null) {
          execute(() -> fs.forEach(f -> f.complete(null)));
        }
      }
    }
  }

  /** Stops waiting for {@code keys}; returns their callers, for the writer to fail. */
  List<CompletableFuture<Void>> forget(List<BatchKey> keys) {
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (BatchKey k : keys) {
      List<CompletableFuture<Void>> fs = waiting.remove(k);
      if (fs != null) {
        callers.addAll(fs);
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
  void close(IllegalStateException closedError) {
    waiting.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(closedError)));
    waiting.clear();
    acks.shutdown();
  }
}
