package org.miniray.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.miniray.actor.ActorSupervisor;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.events.EventRecorder;
import org.miniray.events.RingBufferRecorder;
import org.miniray.fault.NodeMonitor;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsWithNodeTable;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.LineageReplayers;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.global.GlobalSchedulerReplicas;
import org.miniray.scheduler.global.GlobalSchedulers;
import org.miniray.scheduler.policy.SchedulingPolicies;
import org.miniray.serialization.Serializer;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;

/**
 * A cluster's control plane, what its head holds beside a node (paper figure 5): the GCS, the
 * global scheduler (one or more replicas), the node monitor that declares silent nodes dead, the
 * lineage replayer that every node asks, and the actor supervisor that restarts the actors of dead
 * nodes; the last four report to one event recorder. The one place they are wired, for the
 * embedded cluster and the head process alike.
 */
public final class ControlPlane implements AutoCloseable {
  private final MinirayConfig config;
  private final Gcs gcs;
  private final Transport transport;
  private final Clock clock;
  private final EventRecorder events;
  private final GlobalSchedulerReplicas global;
  private final GlobalScheduler firstReplica; // as started, for takeBackForwarded
  private final LineageReplayer lineage;
  private final NodeMonitor monitor;
  private final ActorSupervisor actors;

  /** @param transport how the global scheduler reaches the nodes it places tasks on */
  public ControlPlane(MinirayConfig config, Transport transport, Serializer serializer, Clock clock) {
    this.config = config;
    this.transport = transport;
    this.clock = clock;
    this.gcs = GlobalControlStores.selector().create(config);
    this.events = RingBufferRecorder.forNode("global-scheduler", clock, config.get(Keys.EVENTS_ENABLED),
        config.get(Keys.EVENTS_CAPACITY));
    List<GlobalScheduler> replicas = new ArrayList<>();
    for (int i = 0; i < config.get(Keys.GLOBAL_SCHEDULERS); i++) {
      replicas.add(newGlobalScheduler(i));
    }
    this.firstReplica = replicas.get(0);
    this.global = new GlobalSchedulerReplicas(replicas);
    this.lineage = LineageReplayers.selector(new LineageReplayers.Parts(gcs, global, serializer, events)).create(config);
    this.monitor = new NodeMonitor(gcs, clock, config.get(Keys.HEARTBEAT_TIMEOUT_MS), events,
        job -> CompletableFuture.runAsync(() -> JobEnding.end(gcs, transport, job, "its job " + job.hex()
            + " ended (its driver died)"))); // GCS reads and a message per node: not on the failure detector's thread
    this.actors = new ActorSupervisor(gcs, global, events);
  }

  private GlobalScheduler newGlobalScheduler(int replica) {
    // Each replica has its own policy object, seeded apart so random policies do not move in step.
    MinirayConfig own = config.with(Keys.SEED.name(), Long.toString(config.get(Keys.SEED) + replica));
    return GlobalSchedulers.selector(new GlobalSchedulers.Parts(gcs, transport, SchedulingPolicies.selector().create(own),
        clock, events)).create(config);
  }

  public Gcs gcs() {
    return gcs;
  }

  /** The failure detector: told when a heartbeat arrives as a message, before the GCS logs it. */
  public NodeMonitor monitor() {
    return monitor;
  }

  /**
   * The GCS for nodes in this JVM: each heartbeat they send is also told to the failure detector
   * at once, as a message arriving at the head would be, so that a GCS log running behind on a
   * loaded machine does not make them look silent. Closing it leaves the GCS open.
   */
  public Gcs gcsHearingHeartbeats() {
    return new GcsWithNodeTable(gcs, monitor.hearing(gcs.nodeTable()), () -> { });
  }

  /** The global scheduler replicas, for tests and demos that stop one. */
  public GlobalSchedulerReplicas global() {
    return global;
  }

  public LineageReplayer lineage() {
    return lineage;
  }

  /** Restarts actors whose node died; every actor created in the cluster is watched. */
  public ActorSupervisor actors() {
    return actors;
  }

  /** What the global scheduler, the node monitor, lineage and the actor supervisor did. */
  public EventRecorder events() {
    return events;
  }

  /**
   * Restarts global scheduler replica {@code replica} as a crash and a restart would: the old one
   * is stopped and whatever it held is dropped, not handed over; a new one takes its place and
   * takes back from the task table every task left {@code FORWARDED}
   * ({@link GlobalScheduler#recover}). With several replicas the new one takes every such
   * task, also those another replica holds (which may then be placed twice: see
   * docs/ARCHITECTURE.md, "Restarts"). Returns the tasks taken back.
   */
  public List<TaskSpec> restartGlobalScheduler(int replica) {
    GlobalScheduler fresh = newGlobalScheduler(replica);
    CompletableFuture<Void> oldGone = new CompletableFuture<>();
    CompletableFuture<List<TaskSpec>> taken = fresh.recover(oldGone);
    GlobalScheduler old = global.replace(replica, fresh);
    old.stop(); // its tasks are dropped: the new one finds them in the GCS
    oldGone.complete(null);
    return taken.join();
  }

  /**
   * For a head started on a GCS that may have outlived its predecessor ({@code --gcs zk://...}):
   * the first replica takes back the tasks left {@code FORWARDED} (on a new GCS there are none).
   * Call it once, at start. Completes with them.
   */
  public CompletableFuture<List<TaskSpec>> takeBackForwarded() {
    return firstReplica.recover(CompletableFuture.completedFuture(null));
  }

  /** Stops declaring nodes dead: first thing at shutdown, so nodes closing are not taken for crashed. */
  public void stopMonitoring() {
    monitor.close();
  }

  /** Stops everything, the GCS last; call {@link #stopMonitoring} first and close the nodes in between. */
  @Override
  public void close() {
    monitor.close();
    lineage.close();
    actors.close();
    global.close();
    gcs.close();
  }
}
