package org.miniray.actor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.TaskTable;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends actor calls made on this node to the node hosting the actor. It learns locations from
 * the actor table by subscription: calls made before the actor is placed (or while it restarts)
 * wait here and leave as soon as it is alive; calls to a dead actor fail at once with its cause.
 * A call that cannot be delivered is sent again a little later (the host drops duplicates by
 * sequence number), until the actor table says where the actor went or that it died.
 *
 * <p>For an actor that may be restarted, the router keeps every call it sent until the call's
 * result is in this node's store (it pulls each result as soon as it exists), and sends the
 * calls it still keeps again when the actor restarts: calls the actor received but had not
 * logged before its node died are not lost.
 *
 * <p>A call's spec is written to the task table by the host that admits it
 * ({@link SerialActorHost}), not here, so a call costs the caller one message. A call that never
 * reached a host (sent to a node that died with it in flight) would then have no row, and
 * lineage could never tell its waiters that its actor is dead; so the router keeps every call it
 * sent until its result is in this node's store (a small result is pushed here at once) and, when
 * the actor dies for good or restarts, writes the rows of those it still keeps and has their
 * fetches look again ({@code recheck}). It keeps at most {@value #MAX_TRACKED} per actor: the
 * oldest beyond that get their row written now and are let go.
 */
public final class ActorRouter {
  private static final Logger log = LoggerFactory.getLogger(ActorRouter.class);
  private static final long RESEND_AFTER_MS = 25;
  /** Calls kept per actor before the oldest have their rows written and are let go. */
  static final int MAX_TRACKED = 16_384;

  private final ActorTable table;
  private final Transport transport;
  private final BiConsumer<TaskSpec, TaskError> failer;
  private final Function<ObjectId, CompletableFuture<?>> pull;
  private final TaskTable tasks;
  private final Predicate<ObjectId> isLocal;
  private final Consumer<ObjectId> recheck;
  private final ConcurrentHashMap<ActorId, Route> routes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * What the router asks of this node's objects.
   *
   * @param pull brings an object into this node's store (the results of calls to restartable actors)
   * @param isLocal whether an object is in this node's store
   * @param recheck has this node's fetch of an object (if any) look again at its entry and lineage
   */
  public record LocalObjects(Function<ObjectId, CompletableFuture<?>> pull, Predicate<ObjectId> isLocal,
      Consumer<ObjectId> recheck) {}

  /** @param tasks the task table, where the rows of calls that may never have reached a host are written */
  public ActorRouter(ActorTable table, TaskTable tasks, Transport transport, BiConsumer<TaskSpec, TaskError> failer,
      LocalObjects objects) {
    this.table = table;
    this.transport = transport;
    this.failer = failer;
    this.pull = objects.pull();
    this.tasks = tasks;
    this.isLocal = objects.isLocal();
    this.recheck = objects.recheck();
  }

  /** Stops sending: this node is shutting down or died. */
  public void close() {
    closed = true;
  }

  public void send(TaskSpec call) {
    if (closed) {
      return;
    }
    routes.computeIfAbsent(call.actorId(), Route::new).send(call);
  }

  private final class Route {
    private final ActorId actor;
    private NodeId location;
    private String deathCause;
    private int restartsSeen = -1;
    private boolean restartable;
    private final List<TaskSpec> pending = new ArrayList<>();
    /** The calls sent whose results may not be in this node's store yet, oldest first. */
    private final LinkedHashMap<TaskId, TaskSpec> unacknowledged = new LinkedHashMap<>();

    Route(ActorId actor) {
      this.actor = actor;
      // The subscription lives as long as the router: it is how a move or a death is learnt.
      table.subscribe(actor, this::onEntry);
    }

    void send(TaskSpec call) {
      NodeId to;
      String dead;
      synchronized (this) {
        to = location;
        dead = deathCause;
        if (to == null && dead == null) {
          pending.add(call);
          return;
        }
        if (dead == null && unacknowledged.putIfAbsent(call.taskId(), call) == null) {
          if (restartable) {
            pull.apply(call.returnId()).whenComplete((o, t) -> acknowledged(call));
          } else {
            prune();
          }
        }
      }
      deliver(call, to, dead);
    }

    /**
     * On a timer's thread, where nothing would catch a failure: stops once the router is closed,
     * and a failure is logged (the GCS refuses calls while this node's cluster shuts down).
     */
    private void resend(TaskSpec call) {
      if (closed) {
        return;
      }
      try {
        send(call);
      } catch (RuntimeException e) {
        log.warn("cannot resend actor call {} to {}: {}", call.taskId(), actor, e.toString());
      }
    }

    private synchronized void acknowledged(TaskSpec call) {
      unacknowledged.remove(call.taskId());
    }

    /**
     * Under the lock: lets go of the oldest calls whose results are here (one caller's calls to
     * one actor finish in order, so this stops early), and beyond {@link #MAX_TRACKED} of the
     * oldest with their rows written.
     */
    private void prune() {
      var it = unacknowledged.values().iterator();
      while (it.hasNext()) {
        TaskSpec oldest = it.next();
        if (isLocal.test(oldest.returnId())) {
          it.remove();
        } else if (unacknowledged.size() > MAX_TRACKED) {
          record(oldest);
          it.remove();
        } else {
          return;
        }
      }
    }

    private CompletableFuture<Void> record(TaskSpec call) {
      return tasks.add(call).exceptionally(t -> {
        log.warn("cannot record actor call {} in the task table: {}", call.taskId(), t.toString());
        return null;
      });
    }

    /**
     * The actor died for good or restarts: the calls kept here whose results are not here may
     * never have reached its host. Their rows are written (the host's, if it wrote one, stays),
     * and then their fetches look again, so that lineage sees them: the restart replays them, or
     * their waiters learn that the actor is dead.
     */
    private void recordUnresolved(List<TaskSpec> calls) {
      for (TaskSpec call : calls) {
        if (!isLocal.test(call.returnId())) {
          record(call).thenRun(() -> recheck.accept(call.returnId()));
        }
      }
    }

    private void deliver(TaskSpec call, NodeId to, String dead) {
      if (dead != null) {
        failer.accept(call, TaskError.actorDied(call.name(), null, call.actorId(), "actor " + actor + " is dead: "
            + dead));
        return;
      }
      try {
        transport.connect(to).submitActorTask(call);
      } catch (RuntimeException e) {
        // Lost on the way, or the node is gone: try again; the actor table will say if it moved or died.
        CompletableFuture.delayedExecutor(RESEND_AFTER_MS, TimeUnit.MILLISECONDS).execute(() -> resend(call));
      }
    }

    private void onEntry(ActorEntry e) {
      List<TaskSpec> flush;
      NodeId to;
      String dead;
      List<TaskSpec> unresolved = List.of();
      synchronized (this) {
        restartable = e.creationSpec() != null && e.creationSpec().maxRestarts() > 0;
        boolean restarted = restartsSeen >= 0 && e.restarts() > restartsSeen;
        restartsSeen = e.restarts();
        if (e.state() == ActorState.ALIVE) {
          location = e.node();
        } else if (e.state() == ActorState.DEAD) {
          location = null;
          if (deathCause == null) {
            unresolved = new ArrayList<>(unacknowledged.values());
            unacknowledged.clear();
          }
          deathCause = e.deathCause() == null ? "unknown cause" : e.deathCause();
        } else {
          location = null;
        }
        if (restarted) {
          for (TaskSpec c : unacknowledged.values()) {
            if (!pending.contains(c)) {
              pending.add(c);
            }
          }
          unacknowledged.clear();
        }
        if (pending.isEmpty() || (location == null && deathCause == null)) {
          flush = List.of();
        } else {
          flush = new ArrayList<>(pending);
          pending.clear();
        }
        to = location;
        dead = deathCause;
      }
      recordUnresolved(unresolved);
      for (TaskSpec call : flush) {
        if (dead == null) {
          send(call); // through send, so it is kept until acknowledged
        } else {
          deliver(call, to, dead);
        }
      }
    }
  }
}
