package org.miniray.actor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.miniray.api.CheckpointContext;
import org.miniray.api.Checkpointable;
import org.miniray.common.Clock;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.TaskId;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints and replay for actors that may be restarted ({@code setMaxRestarts > 0}).
 *
 * <p>While the actor lives, its host logs every call it admits, in admission order (which is
 * the order they run), and after every call asks a {@link Checkpointable} actor whether to save
 * a checkpoint. When the actor is built again elsewhere, {@link #restore} loads the latest
 * checkpoint into the fresh instance and reads the calls logged after it (their specs come from
 * the task table), which the host replays in order before it admits anything new. Replayed
 * calls recreate their results under the same object ids.
 *
 * <p>Lab 4 ({@code labs/lab4-actors-checkpoints}) writes {@link #restore} and the checkpoint
 * itself ({@code Journal.maybeCheckpoint}); the call log and the bookkeeping are given.
 *
 * <p>A checkpoint is published only once the result of every call it covers has a copy on its
 * caller's node (callers pull the results of their calls to restartable actors): calls before
 * the latest checkpoint are never replayed, so their results must not live only on the actor's
 * node.
 */
public final class ActorRecovery {
  private static final Logger log = LoggerFactory.getLogger(ActorRecovery.class);

  private final CheckpointStore store;
  private final TaskTable tasks;
  private final Serializer serializer;
  private final Function<TaskSpec, CompletableFuture<Void>> resultKept;
  private final Clock clock;
  private final EventRecorder events;

  /**
   * @param resultKept completes when a call's result has a copy on the caller's node
   */
  public ActorRecovery(CheckpointStore store, TaskTable tasks, Serializer serializer,
      Function<TaskSpec, CompletableFuture<Void>> resultKept, Clock clock, EventRecorder events) {
    this.store = store;
    this.tasks = tasks;
    this.serializer = serializer;
    this.resultKept = resultKept;
    this.clock = clock;
    this.events = events;
  }

  /** What a rebuilt actor resumes from: the calls its checkpoint covers, each caller's next sequence, the calls to replay. */
  public record Restored(long callsCovered, Map<TaskId, Long> nextSequence, List<TaskSpec> replay) {
    static final Restored FRESH = new Restored(0, Map.of(), List.of());
  }

  /**
   * Blocking: loads the latest checkpoint into {@code instance} and reads the calls to replay.
   * With no checkpoint, the fresh instance replays every logged call; with one, it resumes from
   * the checkpoint's state, sequence numbers and call count, and replays the calls logged after
   * it, in log order (their specs come from the task table). An actor with nothing to restore
   * gets {@link Restored#FRESH}. A checkpoint for an actor that is not {@link Checkpointable},
   * or a logged call missing from the task table, is an {@link IllegalStateException} naming the
   * actor (the host then records it dead).
   */
  public Restored restore(TaskSpec creation, Object instance) {
    // BEGIN SOLUTION(lab4)
    // Load the latest checkpoint (store.latestCheckpoint) into the instance, then read the logged calls after it (store.loggedCall) until one is missing.
    Optional<ActorCheckpoint> cp = store.latestCheckpoint(creation.jobId(), creation.actorId()).join();
    long from = 0;
    Map<TaskId, Long> seqs = Map.of();
    if (cp.isPresent()) {
      if (!(instance instanceof Checkpointable c)) {
        throw new IllegalStateException("actor " + creation.actorId() + " has a checkpoint but "
            + instance.getClass().getName() + " is not Checkpointable");
      }
      c.loadCheckpoint(serializer.deserialize(new SerializedObject(cp.get().encoding(), cp.get().snapshot())));
      from = cp.get().callsCovered();
      seqs = cp.get().nextSequence();
    }
    List<TaskSpec> replay = new ArrayList<>();
    for (long i = from; ; i++) {
      Optional<TaskId> call = store.loggedCall(creation.jobId(), creation.actorId(), i).join();
      if (call.isEmpty()) {
        break;
      }
      TaskSpec spec = tasks.lookup(call.get()).join().map(TaskEntry::spec).orElseThrow(() ->
          new IllegalStateException("call " + call.get() + " of actor " + creation.actorId() + " is logged but not"
              + " in the task table"));
      replay.add(spec);
    }
    if (cp.isEmpty() && replay.isEmpty()) {
      return Restored.FRESH;
    }
    log.info("actor {} resumes after {} calls from its checkpoint and replays {}", creation.actorId(), from,
        replay.size());
    return new Restored(from, seqs, replay);
    // END SOLUTION
  }

  /** The journal of one hosted actor. Its methods other than {@link Journal#logAdmitted} run on the actor's lane. */
  public Journal open(TaskSpec creation, Restored restored) {
    return new Journal(creation, restored);
  }

  public final class Journal {
    private final TaskSpec creation;
    /** For each caller, the sequence number after its last call that ran here (or was restored). */
    private final Map<TaskId, Long> ranSequence;
    /** Calls run since the last checkpoint was taken. */
    private int callsSinceCheckpoint;
    private long lastCheckpointNanos = clock.nanoTime();
    /** For each call run since the last checkpoint was taken: completes when its result is kept by its caller. */
    private List<CompletableFuture<Void>> uncovered = new ArrayList<>();
    /** Completes when the latest checkpoint taken is saved (or given up). */
    private CompletableFuture<Void> published = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    /** Completes once the log write of the latest call admitted has been made (under the host's admission lock). */
    private CompletableFuture<Void> logIssued = CompletableFuture.completedFuture(null);

    Journal(TaskSpec creation, Restored restored) {
      this.creation = creation;
      this.ranSequence = new HashMap<>(restored.nextSequence());
    }

    /**
     * Under the host's admission lock: call {@code call} is the actor's {@code index}-th, and
     * {@code row} completes when its task-table row is written. The call is logged only after
     * that (a restore reads a logged call's spec from its row; the task table and the log may
     * live in different parts of the GCS, so their writes are not ordered by themselves), and
     * the log writes are made in index order, each once its own row and the previous log write
     * was made (not completed: the store keeps one writer's writes in order), so no round trip
     * is waited for here. A call whose row could not be written is not logged.
     *
     * @return completes once the log write has completed (or failed, or was not made): the host
     *     runs the call only then (write-ahead), so a call whose result its caller may already
     *     hold is always in the log a restore replays. Before, a call could run and push its
     *     result to its caller before its log write was made; a kill in that window left the
     *     restarted actor waiting for that call's sequence number, which the caller (holding the
     *     result) never sent again: FaultDemo's Ray.get of the ledger's results hung.
     */
    CompletableFuture<Void> logAdmitted(long index, TaskSpec call, CompletableFuture<Void> row) {
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> logged = new CompletableFuture<>();
      logIssued = logIssued.thenCombine(row.handle((v, t) -> t), (prev, failed) -> {
        if (failed != null) {
          log.warn("call {} of {} is not logged: its task-table row was not written: {}", index,
              creation.actorId(), failed.toString());
          logged.complete(null);
        } else if (!closed) {
          store.logCall(creation.jobId(), creation.actorId(), index, call.taskId()).whenComplete((v, t) -> {
            if (t != null) {
              log.warn("cannot log call {} of {}: {}", index, creation.actorId(), t.toString());
            }
            logged.complete(null);
          });
        } else {
          logged.complete(null);
        }
        return null;
      });
      return logged;
    }

    /** On the lane, after call {@code index} ran: maybe take a checkpoint. */
    void afterCall(Object instance, TaskSpec call, long index) {
      if (closed) {
        return;
      }
      ranSequence.merge(call.callerId(), call.sequenceNumber() + 1, Math::max);
      uncovered.add(resultKept.apply(call));
      callsSinceCheckpoint++;
      if (instance instanceof Checkpointable c) {
        maybeCheckpoint(c, call, index);
      }
    }

    /**
     * On the lane, after call {@code index} (the {@code index + 1}-th) ran and was counted: asks
     * the actor whether to checkpoint now ({@link CheckpointContext}: calls and milliseconds
     * since the last checkpoint); if so, snapshots it at once and saves the checkpoint, covering
     * {@code index + 1} calls and the sequence numbers in {@link #ranSequence}, once everything
     * in {@link #uncovered} and the previous checkpoint ({@link #published}) have completed. An
     * actor that throws while asked or saved is not checkpointed this time.
     */
    private void maybeCheckpoint(Checkpointable actor, TaskSpec call, long index) {
      // BEGIN SOLUTION(lab4)
      // Ask shouldCheckpoint; snapshot now; save (store.saveCheckpoint) only after the covered results are kept and the previous checkpoint is saved.
      long now = clock.nanoTime();
      SerializedObject snapshot;
      try {
        if (!actor.shouldCheckpoint(new CheckpointContext(creation.actorId().toString(), callsSinceCheckpoint,
            (now - lastCheckpointNanos) / 1_000_000))) {
          return;
        }
        snapshot = serializer.serialize(actor.saveCheckpoint());
      } catch (RuntimeException e) {
        log.warn("actor {} could not checkpoint: {}", creation.actorId(), e.toString());
        return;
      }
      ActorCheckpoint cp = new ActorCheckpoint(index + 1, ranSequence, snapshot.encoding(), snapshot.bytes());
      uncovered.add(published);
      CompletableFuture<Void> covered = CompletableFuture.allOf(uncovered.toArray(new CompletableFuture<?>[0]));
      uncovered = new ArrayList<>();
      callsSinceCheckpoint = 0;
      lastCheckpointNanos = now;
      published = covered.thenCompose(v -> closed ? CompletableFuture.<Void>completedFuture(null)
          : store.saveCheckpoint(creation.jobId(), creation.actorId(), cp)).exceptionally(t -> {
            log.warn("cannot save a checkpoint of {}: {}", creation.actorId(), t.toString());
            return null;
          });
      events.task(Event.Kind.ACTOR_CHECKPOINTED, call, "covers " + (index + 1) + " calls");
      // END SOLUTION
    }

    /** The actor died here: nothing more is logged or published. */
    void close() {
      closed = true;
    }
  }
}
