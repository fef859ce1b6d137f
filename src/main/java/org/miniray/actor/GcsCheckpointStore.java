package org.miniray.actor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.CheckpointTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * Keeps checkpoints and call logs in the GCS checkpoint table, durably and replicated when the
 * GCS is; a finished job's rows go with it under the drop-finished-jobs retention. The table
 * stores a checkpoint as opaque bytes; this store encodes and decodes {@link ActorCheckpoint}.
 */
public final class GcsCheckpointStore implements CheckpointStore {
  private final CheckpointTable table;

  public GcsCheckpointStore(CheckpointTable table) {
    this.table = table;
  }

  @Override
  public CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, ActorCheckpoint checkpoint) {
    return table.saveCheckpoint(job, actor, checkpoint.encode());
  }

  @Override
  public CompletableFuture<Optional<ActorCheckpoint>> latestCheckpoint(JobId job, ActorId actor) {
    return table.latestCheckpoint(job, actor).thenApply(b -> b.map(ActorCheckpoint::decode));
  }

  @Override
  public CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call) {
    return table.logCall(job, actor, index, call);
  }

  @Override
  public CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index) {
    return table.loggedCall(job, actor, index);
  }
}
