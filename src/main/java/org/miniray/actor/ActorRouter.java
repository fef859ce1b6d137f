package org.miniray.actor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.ActorTable;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;

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
 */
public final class ActorRouter {
  private static final long RESEND_AFTER_MS = 25;

  private final ActorTable table;
  private final Transport transport;
  private final BiConsumer<TaskSpec, TaskError> failer;
  private final Function<ObjectId, CompletableFuture<?>> pull;
  private final ConcurrentHashMap<ActorId, Route> routes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @param failer stores an error as a call's result on this node */
  public ActorRouter(ActorTable table, Transport transport, BiConsumer<TaskSpec, TaskError> failer) {
    this(table, transport, failer, id -> CompletableFuture.completedFuture(null));
  }

  /** @param pull brings an object into this node's store (the results of calls to restartable actors) */
  public ActorRouter(ActorTable table, Transport transport, BiConsumer<TaskSpec, TaskError> failer,
      Function<ObjectId, CompletableFuture<?>> pull) {
    this.table = table;
    this.transport = transport;
    this.failer = failer;
    this.pull = pull;
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
        if (dead == null && restartable && unacknowledged.putIfAbsent(call.taskId(), call) == null) {
          pull.apply(call.returnId()).whenComplete((o, t) -> acknowledged(call));
        }
      }
      deliver(call, to, dead);
    }

    private synchronized void acknowledged(TaskSpec call) {
      unacknowledged.remove(call.taskId());
    }

    private void deliver(TaskSpec call, NodeId to, String dead) {
      if (dead != null) {
        failer.accept(call, TaskError.system(TaskError.Kind.ACTOR_DIED, call.name(), null,
            "actor " + actor + " is dead: " + dead));
        return;
      }
      try {
        transport.connect(to).submitActorTask(call);
      } catch (RuntimeException e) {
        // Lost on the way, or the node is gone: try again; the actor table will say if it moved or died.
        CompletableFuture.delayedExecutor(RESEND_AFTER_MS, TimeUnit.MILLISECONDS).execute(() -> send(call));
      }
    }

    private void onEntry(ActorEntry e) {
      List<TaskSpec> flush;
      NodeId to;
      String dead;
      synchronized (this) {
        restartable = e.creationSpec() != null && e.creationSpec().maxRestarts() > 0;
        boolean restarted = restartsSeen >= 0 && e.restarts() > restartsSeen;
        restartsSeen = e.restarts();
        if (e.state() == ActorState.ALIVE) {
          location = e.node();
        } else if (e.state() == ActorState.DEAD) {
          location = null;
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
          return;
        }
        flush = new ArrayList<>(pending);
        pending.clear();
        to = location;
        dead = deathCause;
      }
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
