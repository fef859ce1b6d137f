package org.miniray.lineage;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-executes lost tasks from the task table, through the global scheduler.
 *
 * <p>Where a task is, by its task-table row: {@code SUBMITTED} on its owner node (kept there),
 * {@code FORWARDED} at the global scheduler (which does not die), {@code SCHEDULED}/{@code RUNNING}
 * on the row's node, {@code FINISHED}/{@code FAILED} in the store of the row's node. The task is
 * lost when that node is dead in the node table, and only then is it run again; before it hands
 * the task over it records {@code FORWARDED}, so later requests for the same object see it on
 * its way. Every decision runs on one thread, so two nodes asking at once cause one re-run.
 *
 * <p>Actor calls are never re-run here: their actor's restart replays them
 * ({@code org.miniray.actor.ActorSupervisor}); if the actor is dead for good the caller gets
 * its death cause. Objects made by {@code put} have no lineage: when every copy is gone they
 * are reported unreconstructable.
 *
 * <p>Lab 3 ({@code labs/lab3-lineage}) writes {@code rebuildIfLost}, the rule above for tasks
 * and {@code put} objects; the thread and the hand-over within the retry budget ({@code rerun})
 * are given.
 *
 * <p>This object keeps no state of its own: the retry budget is the task table's. Each re-run
 * or retry spends one of the task's {@code maxRetries} in its row ({@link TaskEntry#retries()})
 * in the same GCS write that records it {@code FORWARDED} ({@code TaskTable.retry}, which checks
 * the count and spends it in one atomic step). So a head killed and started again on a GCS that
 * outlived it ({@code --gcs zk://...}) builds a new replayer that goes on from the counts its
 * predecessor left, and a task that spent its retries under the old head is not run again by the
 * new one.
 */
public final class TaskTableLineageReplayer implements LineageReplayer {
  private static final Logger log = LoggerFactory.getLogger(TaskTableLineageReplayer.class);

  private final Gcs gcs;
  private final GlobalScheduler global;
  private final Serializer serializer;
  private final EventRecorder events;
  private final ExecutorService thread;

  public TaskTableLineageReplayer(Gcs gcs, GlobalScheduler global, Serializer serializer, EventRecorder events) {
    this.gcs = gcs;
    this.global = global;
    this.serializer = serializer;
    this.events = events;
    this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named("miniray-lineage"));
  }

  @Override
  public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
    try {
      return CompletableFuture.supplyAsync(() -> decideOrReport(id), thread);
    } catch (RuntimeException closed) {
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
    try {
      return CompletableFuture.supplyAsync(() -> rerun(spec, Event.Kind.TASK_RETRIED, why), thread);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * A GCS read that fails leaves the caller waiting (it asks again at the next death); any other
   * exception is a bug in the decision, and the caller gets it as the object's error rather than
   * waiting forever for an object nobody will rebuild.
   */
  private SerializedObject decideOrReport(ObjectId id) {
    try {
      return decide(id);
    } catch (CompletionException | CancellationException gcsReadFailed) {
      log.warn("cannot decide whether {} is lost: {}", id, gcsReadFailed.toString());
      return null;
    } catch (RuntimeException bug) {
      log.error("the lineage replayer failed deciding whether {} is lost", id, bug);
      return error(TaskError.Kind.SYSTEM, id.toString(), "the lineage replayer failed deciding whether it is lost: "
          + bug);
    }
  }

  /**
   * On the replayer's thread: null to keep waiting, or the error to deliver in the object's place.
   * Actor calls are lab 4's side (their actor's restart replays them); the rest is the lineage.
   */
  private SerializedObject decide(ObjectId id) {
    Optional<TaskEntry> row = id.isPut() ? Optional.empty() : gcs.taskTable().lookup(id.task()).join();
    if (row.isPresent() && row.get().spec().kind() != TaskKind.NORMAL) {
      return actorObject(id, row.get().spec());
    }
    SerializedObject answer = rebuildIfLost(id, row);
    if (answer == null && log.isDebugEnabled()) {
      // What a hang across a head restart was found with: which row made lineage keep waiting.
      log.debug("{}: keep waiting; its task's row: {}", id, row.map(r -> r.status() + " on " + r.node()).orElse("none"));
    }
    return answer;
  }

  /**
   * The lineage rule for the object {@code id} of a normal task (or of {@code put}); {@code row} is
   * its task's task-table row, empty for put objects and tasks the table does not know. Returns
   * null to let the caller keep waiting (the object has a live copy, is on its way, or is being
   * rebuilt now), or the error to use in the object's place.
   */
  private SerializedObject rebuildIfLost(ObjectId id, Optional<TaskEntry> row) {
    // BEGIN SOLUTION(lab3)
    // Rebuild only what is truly lost: a live copy, or a task still on a live node, means wait; else re-run it (rerun), or answer an error once its retries are spent.
    Optional<ObjectEntry> object = gcs.objectTable().lookup(id).join();
    Set<NodeId> dead = deadNodes();
    if (object.isPresent() && !dead.containsAll(object.get().locations())) {
      return null; // a live copy exists: the fetch will pull it
    }
    if (id.isPut()) {
      return object.isEmpty() ? null : error(TaskError.Kind.UNRECONSTRUCTABLE, id.toString(),
          "it was made by put on " + object.get().locations() + ", which died; objects made by put are kept only"
              + " by their creator and have no lineage to rebuild them from");
    }
    if (row.isEmpty()) {
      return object.isEmpty() ? null : error(TaskError.Kind.UNRECONSTRUCTABLE, id.toString(),
          "the task that made it is not in the task table");
    }
    TaskEntry task = row.get();
    TaskSpec spec = task.spec();
    NodeId where = switch (task.status()) {
      case SUBMITTED -> spec.ownerNode();
      case FORWARDED -> null;
      default -> task.node();
    };
    if (where == null || !dead.contains(where)) {
      return null; // on its way, or still where it lives
    }
    if (!rerun(spec, Event.Kind.TASK_RECONSTRUCTED, "object " + id + " was lost with node " + where)) {
      return error(TaskError.Kind.SYSTEM, spec.name(), "it was lost with node " + where + " more often than its "
          + spec.maxRetries() + " retries allow (setMaxRetries)");
    }
    return null;
    // END SOLUTION
  }

  /** An actor call's result: its actor's restart replays the call, unless the actor is dead for good. */
  private SerializedObject actorObject(ObjectId id, TaskSpec spec) {
    Optional<ObjectEntry> object = gcs.objectTable().lookup(id).join();
    if (object.isPresent() && !deadNodes().containsAll(object.get().locations())) {
      return null; // a live copy exists: the fetch will pull it
    }
    Optional<ActorEntry> actor = gcs.actorTable().lookup(spec.actorId()).join();
    if (actor.isPresent() && actor.get().state() == ActorState.DEAD) {
      return encode(TaskError.actorDied(spec.name(), null, spec.actorId(), "actor " + spec.actorId() + " is dead: "
          + actor.get().deathCause()));
    }
    return null; // a restart replays the call
  }

  /**
   * Runs {@code spec} again if one of its retries is left: spends it and records the task
   * {@code FORWARDED} in its task-table row, in one GCS write ({@code TaskTable.retry}), then hands
   * it to the global scheduler. Returns false, having changed nothing, once its {@code maxRetries}
   * are spent. A GCS write that fails throws (a {@link CompletionException}).
   */
  private boolean rerun(TaskSpec spec, Event.Kind kind, String why) {
    if (!gcs.taskTable().retry(spec.taskId(), spec.maxRetries()).join()) {
      return false;
    }
    events.task(kind, spec, why);
    log.info("running {} again: {}", spec, why);
    global.schedule(spec);
    return true;
  }

  private Set<NodeId> deadNodes() {
    Set<NodeId> dead = new HashSet<>();
    for (NodeEntry n : gcs.nodeTable().all().join()) {
      if (!n.alive()) {
        dead.add(n.info().id());
      }
    }
    return dead;
  }

  private SerializedObject error(TaskError.Kind kind, String name, String message) {
    return encode(TaskError.system(kind, name, null, message));
  }

  private SerializedObject encode(TaskError e) {
    return new SerializedObject(SerializedObject.ERROR, serializer.serialize(e).bytes());
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
