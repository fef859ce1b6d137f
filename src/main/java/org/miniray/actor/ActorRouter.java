package org.miniray.actor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.ActorTable;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;

/**
 * Sends actor calls made on this node to the node hosting the actor. It learns locations from
 * the actor table by subscription: calls made before the actor is placed wait here and leave as
 * soon as it is alive; calls to a dead actor fail at once with its cause.
 */
public final class ActorRouter {
  private final ActorTable table;
  private final Transport transport;
  private final BiConsumer<TaskSpec, TaskError> failer;
  private final ConcurrentHashMap<ActorId, Route> routes = new ConcurrentHashMap<>();

  /** @param failer stores an error as a call's result on this node */
  public ActorRouter(ActorTable table, Transport transport, BiConsumer<TaskSpec, TaskError> failer) {
    this.table = table;
    this.transport = transport;
    this.failer = failer;
  }

  public void send(TaskSpec call) {
    routes.computeIfAbsent(call.actorId(), Route::new).send(call);
  }

  private final class Route {
    private final ActorId actor;
    private NodeId location;
    private String deathCause;
    private final List<TaskSpec> pending = new ArrayList<>();

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
      }
      deliver(call, to, dead);
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
        failer.accept(call, TaskError.system(TaskError.Kind.ACTOR_DIED, call.name(), null,
            "actor " + actor + " cannot be reached on " + to + ": " + e.getMessage()));
      }
    }

    private void onEntry(ActorEntry e) {
      List<TaskSpec> flush;
      NodeId to;
      String dead;
      synchronized (this) {
        if (e.state() == ActorState.ALIVE) {
          location = e.node();
        } else if (e.state() == ActorState.DEAD) {
          location = null;
          deathCause = e.deathCause() == null ? "unknown cause" : e.deathCause();
        } else {
          location = null;
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
        deliver(call, to, dead);
      }
    }
  }
}
