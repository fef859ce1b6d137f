package org.miniray.gcs.memory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.CheckpointTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/** The checkpoint table of an {@link InMemoryGcs}. Bytes are copied in and out: callers cannot change a row. */
public final class InMemoryCheckpointTable implements CheckpointTable {
  private final GcsShards shards;
  private final ShardedMap<ActorKey, byte[]> checkpoints;
  private final ShardedMap<CallKey, TaskId> calls;

  InMemoryCheckpointTable(GcsShards shards) {
    this.shards = shards;
    this.checkpoints = new ShardedMap<>("checkpoint", shards);
    this.calls = new ShardedMap<>("call log", shards);
  }

  @Override
  public CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, byte[] checkpoint) {
    return shards.run(() -> {
      byte[] copy = checkpoint.clone();
      checkpoints.update(new ActorKey(job, actor), old -> copy);
    });
  }

  @Override
  public CompletableFuture<Optional<byte[]>> latestCheckpoint(JobId job, ActorId actor) {
    return shards.complete(() -> Optional.ofNullable(checkpoints.get(new ActorKey(job, actor))).map(byte[]::clone));
  }

  @Override
  public CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call) {
    return shards.run(() -> calls.update(new CallKey(job, actor, index), old -> call));
  }

  @Override
  public CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index) {
    return shards.complete(() -> Optional.ofNullable(calls.get(new CallKey(job, actor, index))));
  }

  /** Drops every row of {@code job} in one shard (a retention policy; see ZooKeeperGcs). */
  public void dropJobInShard(JobId job, int shard) {
    shards.checkOpen();
    checkpoints.updateShard(shard, (k, old) -> k.job().equals(job) ? null : old);
    calls.updateShard(shard, (k, old) -> k.job().equals(job) ? null : old);
  }

  /** One shard's checkpoints; the arrays are the table's own, not to be changed. */
  public Map<ActorKey, byte[]> checkpointsInShard(int shard) {
    return checkpoints.rowsInShard(shard);
  }

  /** One shard's call log entries. */
  public Map<CallKey, TaskId> callsInShard(int shard) {
    return calls.rowsInShard(shard);
  }

  /** The key of an actor's checkpoint; public so that a replicated GCS can log and snapshot rows. */
  public record ActorKey(JobId job, ActorId actor) {}

  /** The key of one call log entry; public so that a replicated GCS can log and snapshot rows. */
  public record CallKey(JobId job, ActorId actor, long index) {}
}
