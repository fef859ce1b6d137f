package org.miniray.gcs.zookeeper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/** The task table of a {@link ZooKeeperGcs}: writes go to the task's shard log, reads to the replica. */
final class ZooKeeperTaskTable implements TaskTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;

  ZooKeeperTaskTable(GcsStateMachine machine, ZooKeeperLogWriter writer) {
    this.machine = machine;
    this.writer = writer;
  }

  @Override
  public CompletableFuture<Void> add(TaskSpec spec) {
    return writer.append(machine.logOf(spec.taskId()), new GcsLogEntry.AddTask(spec));
  }

  @Override
  public CompletableFuture<Void> add(TaskSpec spec, TaskStatus status, NodeId node) {
    return writer.append(machine.logOf(spec.taskId()), new GcsLogEntry.AddTaskAt(spec, status, node));
  }

  @Override
  public CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node) {
    return writer.append(machine.logOf(id), new GcsLogEntry.UpdateTaskStatus(id, status, node));
  }

  /**
   * The replay decides: the entry is granted or refused ({@link GcsStateMachine.RetriesSpent}) by
   * the row as every client's replay reaches it, in log order. One case answers true for a refused
   * retry: a snapshot that covered the entry before this client read it leaves only "applied", not
   * the verdict ({@link WriteAcknowledgements#acknowledgeUpTo}); the row's count is right either way.
   */
  @Override
  public CompletableFuture<Boolean> retry(TaskId id, int maxRetries) {
    return writer.append(machine.logOf(id), new GcsLogEntry.RetryTask(id, maxRetries)).handle((v, failed) -> {
      if (failed == null) {
        return true;
      }
      Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
      if (cause instanceof GcsStateMachine.RetriesSpent) {
        return false;
      }
      throw failed instanceof CompletionException c ? c : new CompletionException(cause);
    });
  }

  @Override
  public CompletableFuture<Void> forget(Collection<TaskId> ids) {
    return machine.appendByLog(writer, ids, part -> new GcsLogEntry.ForgetRows(List.of(), part));
  }

  @Override
  public CompletableFuture<Optional<TaskEntry>> lookup(TaskId id) {
    return machine.replica().taskTable().lookup(id);
  }

  @Override
  public Subscription subscribe(TaskId id, Consumer<TaskEntry> listener) {
    return machine.replica().taskTable().subscribe(id, listener);
  }

  /** Once this client's earlier writes are applied to the replica (they may be in flight), from the replica. */
  @Override
  public CompletableFuture<List<TaskEntry>> entries(TaskStatus status) {
    return writer.appliedSoFar().thenCompose(v -> machine.replica().taskTable().entries(status));
  }
}
