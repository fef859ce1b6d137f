package org.miniray.gcs.zookeeper;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;

/**
 * Logs a write whose value may be large (function code, an actor checkpoint). A value up to
 * {@link #INLINE_BYTES} travels inside the log entry; a larger one (over ZooKeeper's 1 MB per
 * znode, or big enough to crowd a batch) is first written as a chunked blob, and the entry names
 * the blob. The entry takes its place in the write order at once; the writer waits for the blob
 * before sending it.
 */
final class LargeValueAppender {
  /** Values up to this size are logged inline; larger ones go to a chunked blob. */
  static final int INLINE_BYTES = 128 * 1024;

  private final ZooKeeperLogWriter writer;
  private final ZooKeeperBlobs blobs;
  private final Executor blobWriters;

  LargeValueAppender(ZooKeeperLogWriter writer, ZooKeeperBlobs blobs, Executor blobWriters) {
    this.writer = writer;
    this.blobs = blobs;
    this.blobWriters = blobWriters;
  }

  /**
   * Appends to {@code log} the entry {@code entry.apply(inline, blobPath)} makes, with exactly one
   * of the two non-null. {@code value} is copied first, so the caller may change it afterwards.
   */
  CompletableFuture<Void> append(int log, byte[] value, BiFunction<byte[], String, GcsLogEntry> entry) {
    byte[] copy = value.clone();
    if (copy.length <= INLINE_BYTES) {
      return writer.append(log, entry.apply(copy, null));
    }
    CompletableFuture<GcsLogEntry> named;
    try {
      named = CompletableFuture.supplyAsync(() -> blobs.write(copy), blobWriters)
          .thenApply(blob -> entry.apply(null, blob));
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    return writer.appendLater(log, named);
  }
}
