package org.miniray.actor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * Where a restartable actor keeps what it needs to come back after its node dies: its latest
 * checkpoint, and the log of its calls in the order they ran (the stateful edges of the graph).
 * Entry {@code i} of the log is the {@code i}-th call the actor admitted since it was created;
 * a checkpoint says how many logged calls it covers, so a restart replays the entries after it.
 *
 * <p>Rules: it must outlive every node (so it lives in the GCS); writes from one thread take
 * effect in the order made; saving a checkpoint replaces the previous one.
 */
public interface CheckpointStore {

  CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, ActorCheckpoint checkpoint);

  CompletableFuture<Optional<ActorCheckpoint>> latestCheckpoint(JobId job, ActorId actor);

  /** Records that the actor's {@code index}-th call (from 0) is {@code call}. */
  CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call);

  CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index);
}
