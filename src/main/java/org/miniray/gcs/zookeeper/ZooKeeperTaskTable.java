package org.miniray.gcs.zookeeper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
  public CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node) {
    return writer.append(machine.logOf(id), new GcsLogEntry.UpdateTaskStatus(id, status, node));
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
