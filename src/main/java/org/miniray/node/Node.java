package org.miniray.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.actor.ActorHost;
import org.miniray.actor.ActorRecovery;
import org.miniray.actor.ActorRouter;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.actor.SerialActorHost;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.events.RingBufferRecorder;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.objectstore.ObjectManager;
import org.miniray.objectstore.ObjectStore;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.local.BottomUpLocalScheduler;
import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.scheduler.local.TaskDispatcher;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.NodeService;
import org.miniray.transport.Transport;
import org.miniray.worker.TaskRunner;
import org.miniray.worker.ThreadWorkerPool;
import org.miniray.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: local scheduler, object store and object manager, workers, and the actors placed
 * here. It is also the node's {@link NodeService}, what its peers and the global scheduler call.
 */
public final class Node implements NodeService, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final NodeId id;
  private final Gcs gcs;
  private final Transport transport;
  private final Serializer serializer;
  private final ObjectManager objects;
  // Replaced by restartLocalScheduler; the generation tells a discarded scheduler's late dispatches apart.
  private volatile LocalScheduler scheduler;
  private final Object restartLock = new Object();
  private int generation; // guarded by restartLock
  private volatile Rebuild rebuilding; // set while a new local scheduler reads the task table
  private final ResourceSet total;
  private final int forwardThreshold;
  private final Clock clock;
  private final GlobalScheduler global;
  // Tasks started here whose end is not yet durable in the task table (actor creations: for good).
  private final Map<TaskId, Started> started = new ConcurrentHashMap<>();
  private final WorkerPool workers;
  private final TaskRunner runner;
  private final ActorHost actors;
  private final ActorRouter router;
  private final ScheduledExecutorService heartbeats;
  private final EventRecorder events;
  private final LineageReplayer lineage;
  private final Subscription deaths;
  // Every node this one has heard of, and whether it is alive, from the node table's subscription.
  private final ConcurrentHashMap<NodeId, Boolean> nodesAlive = new ConcurrentHashMap<>();
  private final AtomicBoolean killed = new AtomicBoolean();
  private volatile Consumer<TaskSpec> beforeAttempt = s -> { };
  private final long addedLatencyNanos;
  private final ScheduledExecutorService delayed; // null unless addedLatencyNanos > 0

  /** A node that rebuilds nothing and retries nothing (no {@link LineageReplayer}). */
  public Node(NodeId id, String address, ResourceSet total, MinirayConfig config, Gcs gcs, Transport transport,
      GlobalScheduler global, Serializer serializer, FunctionManager functions, ObjectStore store, Clock clock) {
    this(id, address, total, config, gcs, transport, global, serializer, functions, store, clock,
        LineageReplayer.NONE);
  }

  public Node(NodeId id, String address, ResourceSet total, MinirayConfig config, Gcs gcs, Transport transport,
      GlobalScheduler global, Serializer serializer, FunctionManager functions, ObjectStore store, Clock clock,
      LineageReplayer lineage) {
    this.id = id;
    this.lineage = lineage;
    this.gcs = gcs;
    this.transport = transport;
    this.serializer = serializer;
    this.events = RingBufferRecorder.forNode(id.value(), clock, config.get(Keys.EVENTS_ENABLED),
        config.get(Keys.EVENTS_CAPACITY));
    // The object manager never reads the result of a location write: over the network, send them one-way.
    ObjectTable objectTable = gcs instanceof RemoteGcs remote ? remote.objectTableWritingOneWay() : gcs.objectTable();
    this.objects = new ObjectManager(id, new ObjectManager.Parts(store, objectTable, transport, lineage), clock,
        events, config.get(Keys.OBJECT_PUSH_MAX_BYTES));
    this.workers = new ThreadWorkerPool(id.value());
    this.runner = new TaskRunner(id, functions, serializer, objects, events);
    this.total = total;
    this.forwardThreshold = config.get(Keys.FORWARD_THRESHOLD);
    this.clock = clock;
    this.global = global;
    this.scheduler = newLocalScheduler(0);
    this.actors = new SerialActorHost(id.value(), workers::newSerialLane, new SerialActorHost.Calls(this::fetchInputs,
        (call, instance) -> TaskContext.runAs(new TaskContext(this, call.taskId(), call.jobId()),
            () -> runner.run(call, instance)),
        runner::storeError, this::recordCall), new ActorRecovery(new GcsCheckpointStore(gcs.checkpointTable()),
            gcs.taskTable(), serializer, this::resultKept, clock, events));
    this.router = new ActorRouter(gcs.actorTable(), gcs.taskTable(), transport, runner::storeError,
        new ActorRouter.LocalObjects(objects::fetch, object -> objects.getLocal(object) != null, objects::recheck));
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "miniray-" + id + "-heartbeat");
      t.setDaemon(true);
      return t;
    });
    this.addedLatencyNanos = TimeUnit.MICROSECONDS.toNanos(config.get(Keys.SCHEDULER_ADDED_LATENCY_US));
    this.delayed = addedLatencyNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "miniray-" + id + "-added-latency");
      t.setDaemon(true);
      return t;
    });
    transport.bind(id, this);
    gcs.nodeTable().register(new NodeInfo(id, address, total)).join();
    heartbeat();
    long every = config.get(Keys.HEARTBEAT_INTERVAL_MS);
    heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    events.node(Event.Kind.NODE_JOINED, null);
    // How this node learns of deaths: objects it waits for may have been lost with the dead node.
    this.deaths = gcs.nodeTable().subscribe(e -> {
      nodesAlive.put(e.info().id(), e.alive());
      if (e.alive()) {
        return;
      }
      if (e.info().id().equals(id)) {
        // Declared dead (it was too slow to heartbeat): where lineage rebuilds its work elsewhere,
        // it must stop rather than publish results nobody may see (fencing). Without lineage
        // nothing is rebuilt, and a node declared dead by mistake is better left working.
        if (lineage != LineageReplayer.NONE) {
          CompletableFuture.runAsync(this::kill);
        }
      } else {
        objects.nodeDied(e.info().id());
      }
    });
  }

  public NodeId id() {
    return id;
  }

  /**
   * The nodes this node has heard are alive, from its subscription to the node table (no round
   * trip; a node that joined a moment ago may be missing). Until the subscription's first news
   * (which names this node, registered before it subscribed) has come, the node table is read.
   */
  public List<NodeId> liveNodes() {
    if (!nodesAlive.containsKey(id)) {
      return gcs.nodeTable().all().join().stream().filter(NodeEntry::alive).map(e -> e.info().id()).toList();
    }
    List<NodeId> out = new ArrayList<>();
    nodesAlive.forEach((n, alive) -> {
      if (alive) {
        out.add(n);
      }
    });
    return out;
  }

  public ObjectManager objects() {
    return objects;
  }

  public LocalScheduler scheduler() {
    return scheduler;
  }

  private LocalScheduler newLocalScheduler(int gen) {
    TaskDispatcher dispatcher = new TaskDispatcher() {
      @Override
      public void dispatch(TaskSpec spec, Runnable whenDone) {
        Node.this.dispatch(gen, spec, whenDone);
      }

      @Override
      public void kept(TaskSpec spec) {
        keptHere(spec);
      }
    };
    return new BottomUpLocalScheduler(total, forwardThreshold, this::fetchInputs, dispatcher, global, clock, events);
  }

  /** The running task {@code id} blocks in {@code get} or {@code wait}: its CPUs may run others. */
  public void workerBlocked(TaskId id) {
    Started s = started.get(id);
    if (s != null) {
      s.setBlocked(true);
    }
    scheduler.workerBlocked(id);
  }

  /** The task {@code id} runs again and takes its CPUs back. */
  public void workerUnblocked(TaskId id) {
    Started s = started.get(id);
    if (s != null) {
      s.setBlocked(false);
    }
    scheduler.workerUnblocked(id);
  }

  /** What a restarted local scheduler took over: the tasks still running, and those it queued again. */
  public record Rebuilt(int running, List<TaskSpec> queued) {}

  private record Rebuild(LocalScheduler scheduler, Set<TaskId> arrived) {}

  /**
   * Replaces this node's local scheduler by a new one built from the GCS, as a restart after a
   * crash would (paper section 4.2.1: every component but the GCS is stateless). The old one is
   * dropped with its queue and its accounting; nothing is asked of it. The new one
   * <ul>
   *   <li>takes over the tasks running on this node's workers ({@link LocalScheduler#adopt}):
   *       they keep running, their resources stay taken, and each gives them back once, to the
   *       new scheduler, when it finishes;
   *   <li>queues again every task the task table puts here that has not started: {@code
   *       SCHEDULED} on this node, or {@code SUBMITTED} by this node (kept here: the global scheduler
   *       records {@code FORWARDED} when it accepts one). Actor calls are not the local scheduler's.
   * </ul>
   * Tasks submitted or placed here meanwhile go to the new one at once and are not queued twice.
   */
  public Rebuilt restartLocalScheduler() {
    LocalScheduler fresh;
    LocalScheduler old;
    int gen;
    Rebuild rebuild;
    synchronized (restartLock) {
      gen = ++generation;
      old = scheduler;
      fresh = newLocalScheduler(gen);
      rebuild = new Rebuild(fresh, ConcurrentHashMap.newKeySet());
      rebuilding = rebuild;
      scheduler = fresh; // from here on, what old dispatches is dropped (dispatch checks the generation)
    }
    old.close();
    try {
      int adopted = 0;
      for (Started s : started.values()) {
        if (s.adoptBy(fresh, gen)) {
          adopted++;
        }
      }
      CompletableFuture<List<TaskEntry>> placed = gcs.taskTable().entries(TaskStatus.SCHEDULED);
      CompletableFuture<List<TaskEntry>> kept = gcs.taskTable().entries(TaskStatus.SUBMITTED);
      List<TaskSpec> queued = new ArrayList<>();
      for (TaskEntry e : placed.join()) {
        if (id.equals(e.node()) && takesBack(e.spec(), rebuild)) {
          fresh.place(e.spec());
          queued.add(e.spec());
        }
      }
      for (TaskEntry e : kept.join()) {
        if (id.equals(e.spec().ownerNode()) && takesBack(e.spec(), rebuild)) {
          fresh.submit(e.spec());
          queued.add(e.spec());
        }
      }
      log.info("{}: a new local scheduler took over {} running tasks and queued {} from the task table", id,
          adopted, queued.size());
      return new Rebuilt(adopted, queued);
    } finally {
      rebuilding = null;
    }
  }

  // A row the new local scheduler must queue: not an actor call, not started here, not already
  // handed to the new scheduler.
  private boolean takesBack(TaskSpec spec, Rebuild rebuild) {
    return spec.kind() != TaskKind.ACTOR_METHOD && !started.containsKey(spec.taskId())
        && !rebuild.arrived().contains(spec.taskId());
  }

  // The local scheduler to hand a new task to; noted if a rebuild is reading the task table now.
  private LocalScheduler schedulerFor(TaskSpec spec) {
    LocalScheduler s = scheduler;
    Rebuild r = rebuilding;
    if (r != null && r.scheduler() == s) {
      r.arrived().add(spec.taskId());
    }
    return s;
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
    return new TaskContext(this, org.miniray.id.TaskId.forDriver(job), job);
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
      schedulerFor(spec).submit(spec);
    }
  }

  /**
   * A task from a driver process attached to this node (it has no workers of its own): this
   * node's local scheduler keeps it or forwards it, as it does its own tasks. One it keeps is
   * recorded {@code SCHEDULED} here before it can start: while it waits here it is this node's,
   * which is where lineage and a restarted local scheduler must look for it (its row would
   * otherwise say {@code SUBMITTED}, that is, at the driver). One it forwards is recorded {@code
   * FORWARDED} by the global scheduler, as any other.
   */
  public void submitFromDriver(TaskSpec spec) {
    if (killed.get()) {
      return;
    }
    schedulerFor(spec).submit(spec);
  }

  // The local scheduler kept a task submitted here. A task of another node's (a driver's) is this
  // node's from now on, and its row must say so: SUBMITTED would place it at its owner.
  private void keptHere(TaskSpec spec) {
    if (!id.equals(spec.ownerNode())) {
      gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.SCHEDULED, id).exceptionally(t -> null);
    }
  }

  /**
   * Completes when {@code spec} may run here: its object arguments are local, plus
   * {@code miniray.scheduler.added.latency.us} if set. Paper figure 12b measures an application
   * against artificial scheduler latency; this is the one place it is added, because both
   * paths to a worker pass here (the local scheduler's tasks and the actor host's calls, which
   * never see the local scheduler), and because a task pays it once it is ready, as it would pay a
   * slow scheduler's decision.
   */
  private CompletableFuture<Void> fetchInputs(TaskSpec spec) {
    CompletableFuture<Void> local = fetchInputsNow(spec);
    if (delayed == null) {
      return local;
    }
    CompletableFuture<Void> later = new CompletableFuture<>();
    local.whenComplete((v, error) -> {
      try {
        delayed.schedule(() -> {
          if (error != null) {
            later.completeExceptionally(error);
          } else {
            later.complete(null);
          }
        }, addedLatencyNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        later.completeExceptionally(closed);
      }
    });
    return later;
  }

  private CompletableFuture<Void> fetchInputsNow(TaskSpec spec) {
    List<ObjectId> refs = null;
    for (TaskArg a : spec.args()) {
      if (a instanceof TaskArg.ByRef r) {
        if (refs == null) {
          refs = new ArrayList<>();
        }
        refs.add(r.id());
      }
    }
    if (refs == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<ObjectId> wanted = refs;
    CompletableFuture<Void> all = objects.fetchAll(wanted);
    return all.isDone() || !events.enabled() ? all : all.thenRun(() -> inputsArrived(spec, wanted));
  }

  private void inputsArrived(TaskSpec spec, List<ObjectId> refs) {
    long bytes = 0;
    for (ObjectId r : refs) {
      SerializedObject o = objects.getLocal(r);
      bytes += o == null ? 0 : o.size();
    }
    events.task(Event.Kind.INPUTS_PULLED, spec, bytes, null, refs.size() + " object arguments");
  }

  private void dispatch(int gen, TaskSpec spec, Runnable release) {
    Started started = new Started(spec, release, gen);
    synchronized (restartLock) {
      if (gen != generation) {
        return; // from a local scheduler since replaced: the new one has the task from the task table
      }
      this.started.put(spec.taskId(), started);
    }
    Runnable whenDone = started::release;
    workers.execute(() -> {
      TaskContext ctx = new TaskContext(this, spec.taskId(), spec.jobId());
      if (spec.kind() != TaskKind.ACTOR_CREATION) {
        CompletableFuture<Void> recorded = null;
        try {
          TaskContext.runAs(ctx, () -> {
            beforeAttempt.accept(spec);
            runner.run(spec, null);
          });
          recorded = recordDone(spec);
        } catch (Error crash) {
          recorded = workerDied(spec, crash);
        } finally {
          whenDone.run();
          // Until its end is durable, a restarted local scheduler must not run it again.
          if (recorded == null) {
            this.started.remove(spec.taskId(), started);
          } else {
            recorded.whenComplete((v, e) -> this.started.remove(spec.taskId(), started));
          }
        }
        return;
      }
      Object[] built = new Object[1];
      try {
        TaskContext.runAs(ctx, () -> built[0] = runner.run(spec, null));
      } catch (RuntimeException | Error e) {
        whenDone.run();
        throw e;
      }
      if (built[0] == null) {
        whenDone.run();
        markActor(spec, ActorState.DEAD, null, "its constructor failed; get() on any of its calls shows why");
        return;
      }
      boolean holdsResources = !spec.resources().isEmpty();
      try {
        actors.register(spec, built[0], holdsResources ? whenDone : () -> { });
      } catch (RuntimeException restoreFailed) {
        // Restoring it failed (a bad checkpoint, a lost call): it would fail the same way again.
        log.error("{} could not be restored on {}", spec.actorId(), id, restoreFailed);
        whenDone.run();
        markActor(spec, ActorState.DEAD, null, "it could not be restored on " + id + ": " + restoreFailed);
        return;
      }
      if (!holdsResources) {
        whenDone.run(); // the CPU it needed to be placed goes back now
      }
      events.task(Event.Kind.ACTOR_CREATED, spec, null);
      markActor(spec, ActorState.ALIVE, id, null);
    });
  }

  /** The attempt's worker died with an Error: the attempt failed, and counts against the retries. */
  private CompletableFuture<Void> workerDied(TaskSpec spec, Error crash) {
    if (killed.get()) {
      return null;
    }
    String why = "its worker on " + id + " died: " + crash;
    log.info("{} failed: {}", spec, why);
    if (!lineage.attemptFailed(spec, why)) {
      runner.storeError(spec, TaskError.system(TaskError.Kind.SYSTEM, spec.name(), id.value(),
          why + " (and its " + spec.maxRetries() + " retries are spent)"));
      return recordDone(spec);
    }
    return null; // lineage runs it again: its row says FORWARDED now
  }

  // The task table says where each task's result lives: lineage looks there when it is lost.
  private CompletableFuture<Void> recordDone(TaskSpec spec) {
    if (killed.get()) {
      return null;
    }
    SerializedObject out = objects.getLocal(spec.returnId());
    TaskStatus status = out != null && out.isError() ? TaskStatus.FAILED : TaskStatus.FINISHED;
    return gcs.taskTable().updateStatus(spec.taskId(), status, id).exceptionally(t -> null);
  }

  /**
   * A task a local scheduler of this node started: its spec, whether it is blocked in {@code get},
   * and what gives its resources back (to whichever local scheduler holds them now), run once.
   */
  private static final class Started {
    final TaskSpec spec;
    private Runnable release; // null once run
    private int owner; // the generation of the local scheduler that holds its resources
    private boolean blocked;

    Started(TaskSpec spec, Runnable release, int owner) {
      this.spec = spec;
      this.release = release;
      this.owner = owner;
    }

    void release() {
      Runnable r;
      synchronized (this) {
        r = release;
        release = null;
      }
      if (r != null) {
        r.run();
      }
    }

    synchronized void setBlocked(boolean b) {
      blocked = b;
    }

    /** Hands its resources to {@code fresh} if they are still held by an older scheduler. */
    synchronized boolean adoptBy(LocalScheduler fresh, int gen) {
      if (release == null || owner >= gen) {
        return false;
      }
      release = fresh.adopt(spec, blocked);
      owner = gen;
      return true;
    }
  }


  // An actor call admitted here: its row (lineage, replay) is written by its host, not its caller (SerialActorHost).
  private CompletableFuture<Void> recordCall(TaskSpec call) {
    if (killed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("node " + id + " is dead"));
    }
    CompletableFuture<Void> row = gcs.taskTable().add(call);
    row.exceptionally(t -> {
      log.warn("cannot record actor call {} in the task table: {}", call.taskId(), t.toString());
      return null;
    });
    return row;
  }

  // A checkpoint waits for this for every call it covers: calls before it are never replayed.
  private CompletableFuture<Void> resultKept(TaskSpec call) {
    return call.ownerNode().equals(id) ? CompletableFuture.completedFuture(null)
        : objects.whenLocatedOn(call.returnId(), call.ownerNode());
  }

  /** For fault injection: {@code hook} runs on the worker thread before every task attempt here. */
  public void beforeEachAttempt(Consumer<TaskSpec> hook) {
    this.beforeAttempt = hook;
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
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    events.node(Event.Kind.NODE_DIED, "killed");
    heartbeats.shutdownNow();
    if (delayed != null) {
      delayed.shutdownNow();
    }
    transport.unbind(id);
    objects.kill();
    deaths.close();
    scheduler.close();
    router.close();
    actors.close();
    workers.close();
  }

  private void markActor(TaskSpec creation, ActorState state, NodeId where, String cause) {
    gcs.actorTable().lookup(creation.actorId()).thenCompose(e -> e.isPresent()
        ? gcs.actorTable().put(e.get().withState(state, where, cause))
        : CompletableFuture.completedFuture(null))
        .exceptionally(t -> {
          log.warn("cannot record actor {} as {}: {}", creation.actorId(), state, t.toString());
          return null;
        });
  }

  @Override
  public void killActor(org.miniray.id.ActorId actor, String reason) {
    actors.kill(actor, reason);
  }

  private void heartbeat() {
    if (killed.get()) {
      return;
    }
    try {
      var forwarded = scheduler.forwardingStats();
      gcs.nodeTable().heartbeat(id, new NodeLoad(scheduler.available(), scheduler.queueLength(),
          scheduler.averageTaskMillis(), objects.bandwidthBytesPerMs(), objects.store().count(),
          objects.store().usedBytes(), forwarded.queueOverThreshold(), forwarded.resourcesMissing()));
    } catch (RuntimeException e) {
      log.debug("heartbeat of {} failed: {}", id, e.toString());
    }
  }

  // --- NodeService: what peers and the global scheduler call ---------------------------------

  @Override
  public void placeTask(TaskSpec spec) {
    schedulerFor(spec).place(spec);
  }

  @Override
  public void submitActorTask(TaskSpec spec) {
    actors.submit(spec);
  }

  @Override
  public CompletableFuture<SerializedObject> fetchObject(ObjectId object) {
    SerializedObject o = objects.getLocal(object);
    return o != null ? CompletableFuture.completedFuture(o)
        : CompletableFuture.failedFuture(new NoSuchElementException("object " + object + " is not on " + id));
  }

  @Override
  public CompletableFuture<Byte> objectEncoding(ObjectId object) {
    return CompletableFuture.completedFuture(objects.localEncoding(object));
  }

  @Override
  public void pushObject(ObjectId object, SerializedObject value) {
    objects.receive(object, value);
  }

  @Override
  public void freeObjects(List<ObjectId> ids) {
    ids.forEach(objects::free);
  }

  @Override
  public void objectMade(ObjectId object, NodeId holder, long sizeBytes) {
    objects.made(object, holder, sizeBytes);
  }

  @Override
  public void failTask(TaskSpec spec, TaskError error) {
    runner.storeError(spec, error);
  }

  @Override
  public void close() {
    if (killed.get()) {
      return;
    }
    deaths.close();
    router.close();
    events.node(Event.Kind.NODE_DIED, "shut down");
    heartbeats.shutdownNow();
    if (delayed != null) {
      delayed.shutdownNow();
    }
    transport.unbind(id);
    scheduler.close();
    actors.close();
    workers.close();
  }
}
