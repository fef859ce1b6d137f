package org.miniray.gcs.zookeeper;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.FunctionTable;
import org.miniray.gcs.memory.InMemoryFunctionTable;
import org.miniray.id.JobId;

/** The function table of a {@link ZooKeeperGcs}; large code goes to a blob ({@link LargeValueAppender}). */
final class ZooKeeperFunctionTable implements FunctionTable {
  private final GcsStateMachine machine;
  private final LargeValueAppender appender;

  ZooKeeperFunctionTable(GcsStateMachine machine, LargeValueAppender appender) {
    this.machine = machine;
    this.appender = appender;
  }

  @Override
  public CompletableFuture<Void> put(JobId job, String resourceName, byte[] bytes) {
    int log = machine.logOf(new InMemoryFunctionTable.Resource(job, resourceName));
    return appender.append(log, bytes, (inline, blob) -> new GcsLogEntry.PutFunction(job, resourceName, inline, blob));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(JobId job, String resourceName) {
    return machine.replica().functionTable().get(job, resourceName);
  }
}
