package org.miniray.actor;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.FunctionTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * Keeps checkpoints and call logs as rows of the GCS function table, under the actor's job and
 * names no class file can have ({@code miniray:actor/<id>/checkpoint},
 * {@code miniray:actor/<id>/call/<i>}). The function table already stores opaque bytes by job
 * and name, durably and replicated when the GCS is; reusing it keeps the {@code Gcs} interface
 * as it is, and a finished job's rows go with its code under the drop-finished-jobs retention.
 */
public final class GcsCheckpointStore implements CheckpointStore {
  private final FunctionTable table;

  public GcsCheckpointStore(FunctionTable table) {
    this.table = table;
  }

  private static String checkpointName(ActorId actor) {
    return "miniray:actor/" + actor + "/checkpoint";
  }

  private static String callName(ActorId actor, long index) {
    return "miniray:actor/" + actor + "/call/" + index;
  }

  @Override
  public CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, ActorCheckpoint checkpoint) {
    return table.put(job, checkpointName(actor), checkpoint.encode());
  }

  @Override
  public CompletableFuture<Optional<ActorCheckpoint>> latestCheckpoint(JobId job, ActorId actor) {
    return table.get(job, checkpointName(actor)).thenApply(b -> b.map(ActorCheckpoint::decode));
  }

  @Override
  public CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call) {
    return table.put(job, callName(actor, index), ByteBuffer.allocate(Long.BYTES).putLong(call.value()).array());
  }

  @Override
  public CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index) {
    return table.get(job, callName(actor, index)).thenApply(b -> b.map(x -> new TaskId(ByteBuffer.wrap(x).getLong())));
  }
}
