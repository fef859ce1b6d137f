package org.miniray.actor;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts actors whose node died (paper section 5.1). It hears of deaths from the node table;
 * for each actor it watches that lived on the dead node it either records the actor
 * {@code RESTARTING} (one more restart counted in the actor table) and hands its creation task
 * to the global scheduler, which builds it on a live node where the host restores its
 * checkpoint and replays its logged calls ({@link ActorRecovery}); or, with no restarts left,
 * records it {@code DEAD} with the cause, which fails its callers' calls. An actor whose node
 * died before it was built is placed again without counting a restart.
 *
 * <p>Its state is the actor and node tables; the set of watched ids is rebuilt by whoever
 * creates actors ({@link #watch}). Decisions run on one thread.
 */
public final class ActorSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActorSupervisor.class);

  private final Gcs gcs;
  private final GlobalScheduler global;
  private final EventRecorder events;
  private final ExecutorService thread;
  private final Set<ActorId> watched = ConcurrentHashMap.newKeySet();
  private final Set<NodeId> handled = ConcurrentHashMap.newKeySet();
  private final Subscription deaths;

  public ActorSupervisor(Gcs gcs, GlobalScheduler global, EventRecorder events) {
    this.gcs = gcs;
    this.global = global;
    this.events = events;
    this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named("miniray-actor-supervisor"));
    watchEveryActorOfTheGcs();
    this.deaths = gcs.nodeTable().subscribe(e -> {
      if (!e.alive() && handled.add(e.info().id())) {
        thread.execute(() -> nodeDied(e.info().id()));
      }
    });
  }

  /**
   * Which actors are looked after was the memory of the head before this one: a head started on a
   * GCS that outlived it (issue 15) looks after every actor the actor table holds (dead ones are
   * let go at the first death it hears of). On a new GCS there are none.
   */
  private void watchEveryActorOfTheGcs() {
    try {
      for (JobEntry j : gcs.jobTable().all().join()) {
        watched.addAll(gcs.actorTable().ofJob(j.id()).join());
      }
      if (!watched.isEmpty()) {
        log.info("looking after the {} actors of the GCS", watched.size());
      }
    } catch (RuntimeException e) {
      log.warn("cannot read the actor table: the actors of an earlier head are not looked after: {}", e.toString());
    }
  }

  /** Looks after actor {@code id} from now on. */
  public void watch(ActorId id) {
    watched.add(id);
  }

  private void nodeDied(NodeId node) {
    for (ActorId id : watched) {
      try {
        Optional<ActorEntry> found = gcs.actorTable().lookup(id).join();
        if (found.isEmpty()) {
          continue;
        }
        ActorEntry e = found.get();
        switch (e.state()) {
          case DEAD -> watched.remove(id);
          case ALIVE -> {
            if (node.equals(e.node())) {
              restartOrBury(e, node);
            }
          }
          case PENDING, RESTARTING -> {
            if (node.equals(placedOn(e.creationSpec()))) {
              place(e.creationSpec());
            }
          }
          default -> { }
        }
      } catch (RuntimeException ex) {
        log.warn("cannot look after actor {} after {} died: {}", id, node, ex.toString());
      }
    }
  }

  private void restartOrBury(ActorEntry e, NodeId node) {
    TaskSpec creation = e.creationSpec();
    if (e.restarts() >= creation.maxRestarts()) {
      String cause = "its node " + node + " died and it has no restarts left (maxRestarts=" + creation.maxRestarts()
          + ")";
      gcs.actorTable().put(e.withState(ActorState.DEAD, null, cause)).join();
      watched.remove(e.id());
      return;
    }
    restart(e, "its node " + node + " died", new Placement(gcs, global, events));
  }

  /** Where a restart is recorded and placed: the GCS, a global scheduler, and the events of whoever restarts. */
  public record Placement(Gcs gcs, GlobalScheduler global, EventRecorder events) {}

  /**
   * Restarts actor {@code e} (with restarts left): counts the restart in the actor table, whose
   * {@code RESTARTING} holds its callers' calls until it is alive again, and places its creation
   * task anew; the new instance restores its checkpoint and replays its logged calls. Used after
   * its node died, and by {@code kill(false)} once its old instance is gone.
   */
  public static void restart(ActorEntry e, String why, Placement where) {
    TaskSpec creation = e.creationSpec();
    log.info("restarting actor {} (restart {} of {}): {}", e.id(), e.restarts() + 1,
        creation.maxRestarts() == Integer.MAX_VALUE ? "unlimited" : creation.maxRestarts(), why);
    where.gcs().actorTable().put(new ActorEntry(e.id(), e.name(), creation, ActorState.RESTARTING, null,
        e.restarts() + 1, null, e.detached())).join();
    where.events().task(Event.Kind.ACTOR_RESTARTED, creation, why);
    place(creation, where.gcs(), where.global());
  }

  private NodeId placedOn(TaskSpec creation) {
    Optional<TaskEntry> t = gcs.taskTable().lookup(creation.taskId()).join();
    if (t.isEmpty()) {
      return null;
    }
    return switch (t.get().status()) {
      case SUBMITTED -> creation.ownerNode();
      case FORWARDED -> null;
      default -> t.get().node();
    };
  }

  private void place(TaskSpec creation) {
    place(creation, gcs, global);
  }

  private static void place(TaskSpec creation, Gcs gcs, GlobalScheduler global) {
    gcs.taskTable().updateStatus(creation.taskId(), TaskStatus.FORWARDED, null).exceptionally(t -> null).join();
    global.schedule(creation);
  }

  @Override
  public void close() {
    deaths.close();
    thread.shutdownNow();
  }
}
