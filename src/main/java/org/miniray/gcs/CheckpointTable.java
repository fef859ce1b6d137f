package org.miniray.gcs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * What a restartable actor needs to come back after its node dies (paper sections 4.2.3 and
 * 5.1): its latest checkpoint, and the log of its calls in the order they ran (the stateful
 * edges of the task graph). Entry {@code i} of an actor's log is the {@code i}-th call it
 * admitted; a checkpoint (opaque bytes here; the actor package encodes it) says how many logged
 * calls it covers, so a restart replays the entries after it.
 *
 * <p>Rules, besides those of {@link Gcs}: saving a checkpoint replaces the actor's previous one;
 * logging call {@code i} again replaces entry {@code i}; rows are kept per job, so one job never
 * reads another's, and a retention policy that drops a finished job drops its rows too.
 */
public interface CheckpointTable {

  /** Makes {@code checkpoint} the actor's latest one, replacing any earlier one. */
  CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, byte[] checkpoint);

  /** The actor's latest checkpoint, or empty if it never saved one. */
  CompletableFuture<Optional<byte[]>> latestCheckpoint(JobId job, ActorId actor);

  /** Records that the actor's {@code index}-th call (from 0) is {@code call}. */
  CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call);

  /** The task of the actor's {@code index}-th logged call, or empty if none was logged there. */
  CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index);
}
