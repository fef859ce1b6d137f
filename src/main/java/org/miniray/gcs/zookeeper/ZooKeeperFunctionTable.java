package org.miniray.gcs.zookeeper;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.miniray.gcs.FunctionTable;
import org.miniray.gcs.memory.InMemoryFunctionTable;
import org.miniray.id.JobId;

/**
 * The function table of a {@link ZooKeeperGcs}. Code up to
 * {@link ZooKeeperGcs#INLINE_FUNCTION_BYTES} travels inside the log entry; larger code (over
 * ZooKeeper's 1 MB per znode, or big enough to crowd a batch) is first written as a chunked
 * blob, and the entry names the blob. The entry takes its place in the write order at once;
 * the writer waits for the blob before sending it.
 */
final class ZooKeeperFunctionTable implements FunctionTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;
  private final ZooKeeperBlobs blobs;
  private final Executor blobWriters;

  ZooKeeperFunctionTable(GcsStateMachine machine, ZooKeeperLogWriter writer, ZooKeeperBlobs blobs,
      Executor blobWriters) {
    this.machine = machine;
    this.writer = writer;
    this.blobs = blobs;
    this.blobWriters = blobWriters;
  }

  @Override
  public CompletableFuture<Void> put(JobId job, String resourceName, byte[] bytes) {
    int log = machine.logOf(new InMemoryFunctionTable.Resource(job, resourceName));
    byte[] copy = bytes.clone();
    if (copy.length <= ZooKeeperGcs.INLINE_FUNCTION_BYTES) {
      return writer.append(log, new GcsLogEntry.PutFunction(job, resourceName, copy, null));
    }
    CompletableFuture<byte[]> entry;
    try {
      entry = CompletableFuture.supplyAsync(() -> blobs.write(copy), blobWriters)
          .thenApply(blob -> writer.encode(new GcsLogEntry.PutFunction(job, resourceName, null, blob)));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    return writer.append(log, entry);
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(JobId job, String resourceName) {
    return machine.replica().functionTable().get(job, resourceName);
  }
}
