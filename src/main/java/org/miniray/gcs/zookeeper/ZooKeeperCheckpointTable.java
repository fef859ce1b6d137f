package org.miniray.gcs.zookeeper;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.CheckpointTable;
import org.miniray.gcs.memory.InMemoryCheckpointTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * The checkpoint table of a {@link ZooKeeperGcs}: checkpoints and call log entries are logged in
 * the shard of their key; a large checkpoint goes to a blob ({@link LargeValueAppender}).
 */
final class ZooKeeperCheckpointTable implements CheckpointTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;
  private final LargeValueAppender appender;

  ZooKeeperCheckpointTable(GcsStateMachine machine, ZooKeeperLogWriter writer, LargeValueAppender appender) {
    this.machine = machine;
    this.writer = writer;
    this.appender = appender;
  }

  @Override
  public CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, byte[] checkpoint) {
    int log = machine.logOf(new InMemoryCheckpointTable.ActorKey(job, actor));
    return appender.append(log, checkpoint, (inline, blob) -> new GcsLogEntry.SaveCheckpoint(job, actor, inline, blob));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> latestCheckpoint(JobId job, ActorId actor) {
    return machine.replica().checkpointTable().latestCheckpoint(job, actor);
  }

  @Override
  public CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call) {
    int log = machine.logOf(new InMemoryCheckpointTable.CallKey(job, actor, index));
    return writer.append(log, new GcsLogEntry.LogCall(job, actor, index, call));
  }

  @Override
  public CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index) {
    return machine.replica().checkpointTable().loggedCall(job, actor, index);
  }
}
