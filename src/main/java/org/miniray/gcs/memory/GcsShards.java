package org.miniray.gcs.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.miniray.common.DaemonThreads;

/**
 * The shards of an {@link InMemoryGcs}: which shard a key belongs to, and each shard's
 * notifier thread. Every table of the GCS splits its rows the same way, so shard {@code i} of
 * every table shares notifier {@code i}.
 *
 * <p>One thread per shard is what keeps notifications in order for a key (a key always lives in
 * the same shard, and a single thread runs its notifications in the order they were queued) and
 * keeps listeners off the writer's thread (a listener that blocks or writes back cannot
 * deadlock the writer).
 */
public final class GcsShards {
  private final ExecutorService[] notifiers;
  private volatile boolean closed;

  GcsShards(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a GCS needs at least 1 shard, got " + count);
    }
    notifiers = new ExecutorService[count];
    for (int i = 0; i < count; i++) {
      notifiers[i] = Executors.newSingleThreadExecutor(
          DaemonThreads.named("gcs-shard-" + i));
    }
  }

  public int count() {
    return notifiers.length;
  }

  /** The shard that holds {@code key}'s row in every table. */
  public int shardOf(Object key) {
    // The high bits of the hash times a large odd constant (all of the hash's bits reach them), scaled
    // to the count. Not the hash's low bits: a shard's HashMap indexes by those, so with 4 shards
    // keyed by them it used a quarter of its buckets and chained the rest into trees.
    long mixed = (key.hashCode() * 0x9E37_79B9) & 0xFFFF_FFFFL;
    return (int) ((mixed * notifiers.length) >>> 32);
  }

  ExecutorService notifier(int shard) {
    return notifiers[shard];
  }

  boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("GCS is closed");
    }
  }

  /**
   * Runs a table operation now and hands back its result as a completed future; an exception it
   * throws (or a closed GCS) becomes a failed future, as a remote store would report it.
   */
  <T> CompletableFuture<T> complete(Supplier<T> operation) {
    try {
      checkOpen();
      return CompletableFuture.completedFuture(operation.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  CompletableFuture<Void> run(Runnable operation) {
    return complete(() -> {
      operation.run();
      return null;
    });
  }

  /** Stops accepting work; queued notifications are skipped, a running listener finishes. */
  void close() {
    closed = true;
    for (ExecutorService e : notifiers) {
      e.shutdown();
    }
  }
}
