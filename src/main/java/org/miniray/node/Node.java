package org.miniray.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.actor.ActorRouter;
import org.miniray.actor.ActorSupervisor;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.events.RingBufferRecorder;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.objectstore.ObjectManager;
import org.miniray.objectstore.ObjectStore;
import org.miniray.objectstore.StoreUsage;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.scheduler.local.LocalSchedulers;
import org.miniray.serialization.Serializer;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.Transport;

/**
 * One node (paper figure 5), wired from its parts:
 * <ul>
 *   <li>an {@link ObjectManager} over the node's {@link ObjectStore};
 *   <li>a {@link LocalScheduler}, replaceable by a restart ({@link LocalSchedulerRestarts}), that
 *       fetches each task's inputs ({@link TaskInputs}) and hands it to the {@link TaskExecutor},
 *       which runs it on a worker and hosts the node's actors;
 *   <li>an {@link ActorRouter} that sends actor calls made here to their actor;
 *   <li>its {@link Membership} of the cluster (registration, heartbeats, deaths, fencing);
 *   <li>its {@link NodeEndpoint}, what peers and the global scheduler call through the transport.
 * </ul>
 */
public final class Node implements AutoCloseable {
  private final NodeId id;
  private final Serializer serializer;
  private final Transport transport;
  private final EventRecorder events;
  private final ObjectManager objects;
  private final TaskInputs inputs;
  private final TaskExecutor executor;
  private final LocalSchedulerRestarts schedulers;
  private final ActorRouter router;
  private final Membership membership;
  private final AtomicBoolean killed = new AtomicBoolean();
  private final GlobalScheduler global; // where a driver's task goes when this node is busy
  private final Gcs gcs;

  /** What a restarted local scheduler took over: the tasks still running, and those it queued again. */
  public record Rebuilt(int running, List<TaskSpec> queued) {}

  public Node(NodeInfo me, MinirayConfig config, ObjectStore store, Clock clock, NodeServices services) {
    this.id = me.id();
    this.serializer = services.serializer();
    this.transport = services.transport();
    Gcs gcs = services.gcs();
    this.events = RingBufferRecorder.forNode(id.value(), clock, config.get(Keys.EVENTS_ENABLED),
        config.get(Keys.EVENTS_CAPACITY));
    // The object manager never reads the result of a location write: the GCS may send them one-way.
    this.objects = new ObjectManager(id, new ObjectManager.Parts(store, gcs.objectTableWritingOneWay(), transport,
        services.lineage()), clock, events, config.get(Keys.OBJECT_PUSH_MAX_BYTES));
    this.inputs = new TaskInputs(id.value(), objects, events, config.get(Keys.SCHEDULER_ADDED_LATENCY_US));
    this.global = services.global();
    this.gcs = gcs;
    this.executor = new TaskExecutor(this, services, inputs, clock, me.total());
    // Each local scheduler hands the tasks it starts straight to the executor, through its generation's dispatcher.
    this.schedulers = new LocalSchedulerRestarts(id, gcs.taskTable(), executor, generation ->
        LocalSchedulers.selector(new LocalSchedulers.Parts(me.total(), inputs, executor.dispatcherFor(generation),
            services.global(), clock, events)).create(config));
    this.router = new ActorRouter(gcs.actorTable(), gcs.taskTable(), transport, executor::fail,
        new ActorRouter.LocalObjects(objects::whenLocal, objects::isLocal, objects::recheck));
    transport.bind(id, new NodeEndpoint(id, schedulers, executor, objects,
        new NodeJobEnd(id, services, objects, schedulers, executor)));
    // Fencing (Membership): declared dead while it runs, it stops and says why to its waiters; not
    // without lineage, where nothing rebuilds its work and a node declared dead is better left working.
    Consumer<String> fence = services.lineage() == LineageReplayer.NONE ? why -> { }
        : why -> CompletableFuture.runAsync(() -> kill(why));
    this.membership = new Membership(me, gcs.nodeTable(), this::load, config.get(Keys.HEARTBEAT_INTERVAL_MS),
        objects::nodeDied, fence);
    events.node(Event.Kind.NODE_JOINED, null);
  }

  public NodeId id() {
    return id;
  }

  /** The nodes this node has heard are alive (see {@link Membership#liveNodes}). */
  public List<NodeId> liveNodes() {
    return membership.liveNodes();
  }

  public ObjectManager objects() {
    return objects;
  }

  public LocalScheduler scheduler() {
    return schedulers.current();
  }

  public Serializer serializer() {
    return serializer;
  }

  /** What happened on this node (org.miniray.events). */
  public EventRecorder events() {
    return events;
  }

  /** The context of the driver program when it runs on this node. */
  public TaskContext driverContext(JobId job) {
    return new TaskContext(this, TaskId.forDriver(job), job);
  }

  /** Submits a task made on this node: actor calls go to their actor, other tasks to the local scheduler. */
  public void submit(TaskSpec spec) {
    if (killed.get()) {
      return; // a task running on a dead node submits into the void
    }
    events.task(Event.Kind.TASK_SUBMITTED, spec, null);
    if (id.equals(spec.ownerNode())) {
      objects.expectPush(spec.returnId());
    }
    if (spec.kind() == TaskKind.ACTOR_METHOD) {
      router.send(spec);
    } else {
      schedulers.schedulerFor(spec).submit(spec);
    }
  }

  /**
   * A task from a driver process attached to this node (it has no workers), its row in its submit:
   * kept while this node has an idle CPU for it, else placed by the global scheduler, as Ray's raylet
   * spills a busy node's work. Its row is written once, before it can start or be placed: {@code
   * SCHEDULED} here (lineage looks here, not at the driver) or {@code FORWARDED} ({@link
   * GlobalScheduler#scheduleNew}); a kept task forwarded after all is moved by a second write.
   */
  public void submitFromDriver(TaskSpec spec) {
    if (killed.get()) {
      return;
    }
    LocalScheduler local = schedulers.schedulerFor(spec);
    double cpus = spec.resources().get(ResourceSet.CPU);
    double idle = local.available().get(ResourceSet.CPU) - local.queueLength() * Math.max(cpus, 1);
    if (idle >= cpus && local.available().fits(spec.resources())) {
      gcs.taskTable().add(spec, TaskStatus.SCHEDULED, id).exceptionally(t -> null); // nothing reads its result
      local.submit(spec);
    } else {
      events.task(Event.Kind.TASK_FORWARDED, spec, "a driver's task, and no idle CPU here");
      global.scheduleNew(spec, gcs.taskTable());
    }
  }

  /** Restarts actor {@code e}, whose old instance is gone, from this node (kill(false)); see ActorSupervisor. */
  public void restartActor(ActorEntry e, String why) {
    ActorSupervisor.restart(e, why, new ActorSupervisor.Placement(gcs, global, events));
  }

  /** The running task {@code task} blocks in {@code get} or {@code wait}: its CPUs may run others. */
  public void workerBlocked(TaskId task) {
    executor.setBlocked(task, true);
    schedulers.current().workerBlocked(task);
  }

  /** The task {@code task} runs again and takes its CPUs back. */
  public void workerUnblocked(TaskId task) {
    executor.setBlocked(task, false);
    schedulers.current().workerUnblocked(task);
  }

  /** Replaces this node's local scheduler by one rebuilt from the GCS; see {@link LocalSchedulerRestarts#restart}. */
  public Rebuilt restartLocalScheduler() {
    return schedulers.restart();
  }

  /** For fault injection: {@code hook} runs on the worker thread before every task attempt here. */
  public void beforeEachAttempt(Consumer<TaskSpec> hook) {
    executor.beforeEachAttempt(hook);
  }

  /** Whether this node was killed ({@link #kill}). */
  public boolean isKilled() {
    return killed.get();
  }

  /**
   * Kills this node as a crash would: heartbeats stop (the node monitor will declare it dead),
   * peers can no longer reach it, its objects are gone, its actors die, and whatever its worker
   * threads still compute is never published.
   */
  public void kill() {
    kill("node " + id + " is dead");
  }

  private void kill(String why) {
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    events.node(Event.Kind.NODE_DIED, "killed");
    membership.stopHeartbeats();
    inputs.close();
    transport.unbind(id);
    objects.kill(new IllegalStateException(why));
    membership.stopListening();
    schedulers.close();
    router.close();
    executor.close();
    objects.store().close(); // its spilled files go with it
  }

  // What every heartbeat tells the node table: what the global scheduler's policy reads.
  private NodeLoad load() {
    LocalScheduler s = schedulers.current();
    var forwarded = s.forwardingStats();
    StoreUsage store = objects.store().usage();
    return new NodeLoad(s.available(), s.queueLength(), s.averageTaskMillis(), objects.bandwidthBytesPerMs(),
        store.memoryCount(), store.memoryBytes(), forwarded.queueOverThreshold(), forwarded.resourcesMissing(),
        store.capacityBytes(), store.spilledCount(), store.spilledBytes());
  }

  @Override
  public void close() {
    if (killed.get()) {
      return;
    }
    membership.stopListening();
    router.close();
    events.node(Event.Kind.NODE_DIED, "shut down");
    membership.stopHeartbeats();
    inputs.close();
    transport.unbind(id);
    schedulers.close();
    executor.close();
    objects.store().close(); // the spill directory goes when the node stops
  }
}
