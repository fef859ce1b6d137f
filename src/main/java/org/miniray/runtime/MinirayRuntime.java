package org.miniray.runtime;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.miniray.api.BaseActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.WaitResult;
import org.miniray.api.exception.RayException;
import org.miniray.api.exception.RayIntentionalSystemExitException;
import org.miniray.api.function.RayFunc;
import org.miniray.api.options.ActorCreationOptions;
import org.miniray.api.options.ActorLifetime;
import org.miniray.api.options.CallOptions;
import org.miniray.api.runtime.RayRuntime;
import org.miniray.api.runtimecontext.RuntimeContext;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.events.GraphWriter;
import org.miniray.events.JobGraph;
import org.miniray.events.TraceWriter;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.TaskTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.node.Node;
import org.miniray.node.TaskContext;
import org.miniray.objectstore.InPlaceReads;
import org.miniray.refcount.NestedRefs;
import org.miniray.refcount.ReferenceCounters;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's runtime, on an embedded cluster or connected to a cluster of processes. Calls made on a worker thread belong to the task
 * that thread runs (their ids derive from its id, and its node submits them); calls made
 * anywhere else belong to the driver, which lives on the first node.
 */
public final class MinirayRuntime implements RayRuntime {
  private static final Logger log = LoggerFactory.getLogger(MinirayRuntime.class);
  private static final ResourceSet DEFAULT_TASK_RESOURCES = ResourceSet.of(ResourceSet.CPU, 1);
  private static final long DROP_TIMEOUT_MS = 30_000;

  private final Deployment cluster;
  private final TaskTable submitted; // where submit adds each task's row
  private final boolean rowsGoWithDriverSubmits;
  private final Serializer serializer;
  private final JobId job;
  private final Clock clock;
  private final TaskContext driver;
  private final TaskArguments arguments;
  private final RuntimeContext context;
  private final TaskErrors errors;
  private final Namespaces namespaces;
  private final ReferenceCounter references;
  private final CallSites callSites;

  public MinirayRuntime(Deployment cluster) {
    this.cluster = cluster;
    // Over the wire, the row of each submitted task is added one-way: it goes ahead of the task on
    // the same connection, and a reply nobody reads would cost a frame each way per task.
    this.submitted = cluster.gcs().taskTableAddingOneWay();
    this.rowsGoWithDriverSubmits = cluster.driverSubmitsCarryRows();
    this.serializer = cluster.serializer();
    this.job = cluster.job();
    this.clock = cluster.clock();
    this.driver = cluster.driverNode().driverContext(job);
    // This process is named by its driver node: refs it owns carry that name, and other processes
    // that read them back register there as borrowers.
    this.references = ReferenceCounters.create(cluster.config(), driver.node().id(), new ClusterRelease(cluster, driver.node()));
    if (cluster instanceof EmbeddedCluster e) {
      e.onEveryNode(n -> {
        n.objects().addArrivalListener(references::created);
        n.objects().countReferencesWith(references);
      });
    } else {
      driver.node().objects().addArrivalListener(references::created);
      driver.node().objects().countReferencesWith(references);
    }
    this.arguments = new TaskArguments(cluster.functions(), serializer, cluster.config().get(Keys.TASK_ARG_INLINE_MAX_BYTES),
        references);
    this.namespaces = new Namespaces(cluster.gcs().jobTable());
    this.callSites = new CallSites(cluster.config().get(Keys.RECORD_CALL_SITES));
    this.errors = new TaskErrors(serializer, cluster.gcs(), id -> driver.node().objects().fetch(id));
    this.context = new MinirayRuntimeContext(this::context, cluster.gcs(), cluster instanceof EmbeddedCluster, namespaces::of);
  }

  public Deployment deployment() {
    return cluster;
  }

  /** This process's reference counter: it counts the refs that live here and frees what it owns. */
  public ReferenceCounter references() {
    return references;
  }

  /** The embedded cluster this runtime runs on; for tests and demos of an embedded cluster. */
  public EmbeddedCluster cluster() {
    if (cluster instanceof EmbeddedCluster e) {
      return e;
    }
    throw new IllegalStateException("this runtime is connected to a cluster of processes, not an embedded one");
  }

  private TaskContext context() {
    TaskContext c = TaskContext.current();
    return c != null ? c : driver;
  }

  // --- submission (figure 7, step 1) ----------------------------------------------------------

  private static ResourceSet resources(Map<String, Double> asked, ResourceSet otherwise) {
    return asked.isEmpty() ? otherwise : ResourceSet.of(asked);
  }

  private void submit(TaskContext ctx, TaskSpec spec) {
    // A driver process's task that asks for resources cannot stay on its node, which has none: it
    // goes to the head in one message, which writes its row (Deployment.driverSubmitsCarryRows).
    if (!(rowsGoWithDriverSubmits && ctx == driver && !spec.resources().isEmpty())) {
      submitted.add(spec); // not awaited: nothing reads its result
    }
    ctx.node().submit(spec);
  }

  /**
   * An actor call is recorded in the task table by the host that admits it, not here: its spec
   * crosses the network once, and its row is written by the client that later publishes its
   * result, so in that order ({@code actor.SerialActorHost}; {@code actor.ActorRouter} writes the
   * rows of calls that never reached a host).
   */
  private void submitActorCall(TaskContext ctx, TaskSpec spec) {
    ctx.node().submit(spec);
  }

  @Override
  public ObjectRef<?> call(RayFunc func, Object[] args, CallOptions options) {
    TaskContext ctx = context();
    TaskArguments.requireStatic(cluster.functions().resolve(func));
    FunctionDescriptor fd = arguments.describe(ctx, func, args);
    TaskId id = ctx.nextChildId();
    NestedRefs.Collected<List<TaskArg>> encoded = NestedRefs.collect(() -> arguments.encode(ctx, fd, args));
    TaskSpec spec = new TaskSpec(id, ctx.job(), ctx.taskId(), TaskKind.NORMAL, fd, encoded.value(),
        resources(options.resources(), DEFAULT_TASK_RESOURCES), options.name(), ctx.node().id(), null, null, 0,
        options.maxRetries(), 0);
    // Counted, its ref too, before it is submitted: its result may be stored before submit returns.
    references.ownTaskReturn(spec.returnId(), true, TaskArguments.byRef(spec.args()), encoded.ids());
    Reference.reachabilityFence(args); // its refs stay counted until the task holds their objects
    ObjectRefImpl<?> ref = new ObjectRefImpl<>(spec.returnId(), references);
    callSites.record(ctx.node().objects(), spec.returnId());
    submit(ctx, spec);
    return ref;
  }

  @Override
  public BaseActorHandle createActor(RayFunc func, Object[] args, ActorCreationOptions options) {
    TaskContext ctx = context();
    FunctionDescriptor fd = arguments.describe(ctx, func, args);
    TaskId id = ctx.nextChildId();
    ActorId actor = new ActorId(id);
    NestedRefs.Collected<List<TaskArg>> encoded = NestedRefs.collect(() -> arguments.encode(ctx, fd, args));
    // A restart runs the creation task again, so its arguments are kept for the job's life.
    TaskArguments.byRef(encoded.value()).forEach(references::escaped);
    encoded.ids().forEach(references::escaped);
    Reference.reachabilityFence(args);
    TaskSpec spec = new TaskSpec(id, ctx.job(), ctx.taskId(), TaskKind.ACTOR_CREATION, fd, encoded.value(),
        resources(options.resources(), ResourceSet.EMPTY), options.name(), ctx.node().id(), actor, null, 0, 0,
        options.restartBudget(), options.maxConcurrency());
    try {
      String key = options.name() == null ? null : Namespaces.key(namespaces.of(ctx.job()), options.name());
      cluster.gcs().actorTable().put(new ActorEntry(actor, key, spec, ActorState.PENDING, null, 0, null,
          options.lifetime() == ActorLifetime.DETACHED)).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw new IllegalArgumentException(iae.getMessage(), iae);
      }
      throw new RayException("cannot register actor " + actor + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("interrupted while registering actor " + actor);
    }
    cluster.actorCreated(actor);
    submit(ctx, spec);
    return new ActorHandleImpl<>(actor);
  }

  @Override
  public ObjectRef<?> callActor(BaseActorHandle actor, RayFunc func, Object[] args, CallOptions options) {
    if (!(actor instanceof ActorHandleImpl<?> h)) {
      throw new IllegalArgumentException("not a miniray actor handle: " + actor);
    }
    TaskContext ctx = context();
    FunctionDescriptor fd = arguments.describe(ctx, func, args);
    TaskId id = ctx.nextChildId();
    NestedRefs.Collected<List<TaskArg>> encoded = NestedRefs.collect(() -> arguments.encode(ctx, fd, args));
    TaskSpec spec = new TaskSpec(id, ctx.job(), ctx.taskId(), TaskKind.ACTOR_METHOD, fd, encoded.value(),
        ResourceSet.EMPTY, options.name(), ctx.node().id(), h.id(), ctx.taskId(), ctx.nextCallNumber(h.id()),
        options.maxRetries(), 0);
    // Lineage cannot run an actor's call again, so its return is not rebuildable.
    references.ownTaskReturn(spec.returnId(), false, TaskArguments.byRef(spec.args()), encoded.ids());
    Reference.reachabilityFence(args);
    ObjectRefImpl<?> ref = new ObjectRefImpl<>(spec.returnId(), references);
    callSites.record(ctx.node().objects(), spec.returnId());
    submitActorCall(ctx, spec);
    return ref;
  }

  /**
   * Stops an actor wherever it lives (its entry says it was killed), or with {@code noRestart}
   * false and restarts left, has its host forget it and restarts it (see {@code BaseActorHandle}).
   */
  void killActor(ActorId id, boolean noRestart) {
    ActorEntry e = cluster.gcs().actorTable().lookup(id).join()
        .orElseThrow(() -> new IllegalArgumentException("no actor " + id));
    if (e.state() == ActorState.DEAD) {
      return;
    }
    TaskSpec creation = e.creationSpec();
    boolean restartsLeft = creation != null && e.restarts() < creation.maxRestarts();
    if (noRestart || !restartsLeft) {
      stopActor(e, noRestart ? "it was killed" : "it was killed with kill(false) and has no restarts left "
          + "(setMaxRestarts)");
      return;
    }
    if (e.state() != ActorState.ALIVE) {
      return; // not placed yet, or restarting: there is no instance to stop
    }
    try {
      cluster.transport().connect(e.node()).dropActor(id).get(DROP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new RayException("interrupted while killing actor " + id);
    } catch (ExecutionException | TimeoutException | RuntimeException unreachable) {
      // its node is dead or unreachable: the instance is gone with it, or fenced off when declared dead
      log.info("restarting actor {} whose node {} did not answer: {}", id, e.node(), unreachable.toString());
    }
    driver.node().restartActor(e, "it was killed with kill(false)");
  }

  private void stopActor(ActorEntry e, String cause) {
    cluster.gcs().actorTable().put(e.withState(ActorState.DEAD, null, cause)).join();
    if (e.node() != null) {
      cluster.transport().connect(e.node()).killActor(e.id(), cause);
    }
  }

  @Override
  public void exitActor() {
    TaskContext ctx = TaskContext.current();
    if (ctx == null || ctx.actor() == null) {
      throw new IllegalStateException("Ray.exitActor() ends the actor whose method calls it; it was called "
          + (ctx == null ? "by the driver" : "by task " + ctx.taskId() + ", which is not an actor's method"));
    }
    String cause = "it exited (Ray.exitActor())";
    ActorEntry e = cluster.gcs().actorTable().lookup(ctx.actor()).join()
        .orElseThrow(() -> new IllegalStateException("no actor " + ctx.actor()));
    stopActor(e, cause);
    throw new RayIntentionalSystemExitException("actor " + ctx.actor() + " " + cause);
  }

  @Override
  public <T> ObjectRef<T> put(T obj) {
    TaskContext ctx = context();
    ObjectId id = ctx.nextPutId();
    references.ownPut(id);
    ObjectRefImpl<T> ref = new ObjectRefImpl<>(id, references);
    ObjectWriter array = serializer.writerOf(obj); // byte[], long[], ...: copied straight into the store's memory
    SerializedObject s = array != null ? null : NestedRefs.into(id, references.self(), () -> serializer.serialize(obj));
    callSites.record(ctx.node().objects(), id);
    if (array != null) { // the caller may write to its array once put returns: the store keeps a copy, as Ray's put
      ctx.node().objects().putPrimaryCopy(id, array);
    } else {
      ctx.node().objects().putPrimary(id, s);
    }
    return ref;
  }

  @Override
  public void free(List<ObjectRef<?>> objectRefs, boolean localOnly) {
    List<ObjectId> ids = new ArrayList<>(objectRefs.size());
    for (ObjectRef<?> r : objectRefs) {
      ids.add(impl(r).id());
    }
    Node here = context().node();
    ids.forEach(here.objects()::free);
    if (localOnly) {
      return;
    }
    // Every live node, not only the holders the object table lists: a node must also refuse a
    // copy that is on its way to it now.
    ClusterRelease.toOtherLiveNodes(here, cluster.transport(), "free " + ids.size() + " objects",
        node -> node.freeObjects(ids));
  }

  // --- get and wait (figure 7, step 5) ---------------------------------------------------------

  private static ObjectRefImpl<?> impl(ObjectRef<?> ref) {
    if (ref instanceof ObjectRefImpl<?> r) {
      return r;
    }
    throw new IllegalArgumentException("not a miniray ObjectRef: " + ref);
  }

  @Override
  public <T> T get(ObjectRef<T> ref, long timeoutMs) {
    ObjectId id = impl(ref).readableId();
    TaskContext ctx = context();
    try {
      T here = InPlaceReads.local(ctx.node().objects(), serializer, id); // a primitive array, read in place
      if (here != null) {
        return here;
      }
      boolean inTask = ctx != driver;
      SerializedObject o = BlockingGets.await(ctx, inTask, ctx.node().objects().fetchIntoStore(id), id, timeoutMs);
      if (o == null) { // pulled into the store's memory, not in hand: read it there, in place if it can be
        here = InPlaceReads.local(ctx.node().objects(), serializer, id);
        if (here != null) {
          return here;
        }
        o = BlockingGets.await(ctx, inTask, ctx.node().objects().fetch(id), id, timeoutMs);
      }
      return decode(id, o);
    } finally {
      // The ref is not read after its id: without this fence the collector may find it unreachable
      // while get waits, and its object be released before it is fetched.
      Reference.reachabilityFence(ref);
    }
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs) {
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    List<T> out = new ArrayList<>(refs.size());
    for (ObjectRef<T> r : refs) {
      long left = deadline == Long.MAX_VALUE ? -1 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - clock.nanoTime()));
      out.add(get(r, left));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private <T> T decode(ObjectId id, SerializedObject o) {
    if (!o.isError()) {
      return (T) NestedRefs.readBack(() -> serializer.deserialize(o));
    }
    throw errors.toException(id, (TaskError) serializer.deserialize(o));
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, long timeoutMs) {
    if (numReturns < 0 || numReturns > refs.size()) {
      throw new IllegalArgumentException("numReturns must be between 0 and the " + refs.size()
          + " references given, got " + numReturns);
    }
    TaskContext ctx = context();
    List<CompletableFuture<Void>> fs = new ArrayList<>(refs.size());
    Object signal = new Object();
    int[] done = {0};
    for (ObjectRef<T> r : refs) {
      CompletableFuture<Void> f = ctx.node().objects().whenLocal(impl(r).id()); // ready: here, not copied out
      fs.add(f);
      f.whenComplete((v, t) -> {
        synchronized (signal) {
          done[0]++;
          signal.notifyAll();
        }
      });
    }
    boolean inTask = ctx != driver;
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (signal) {
      if (done[0] < numReturns && inTask) {
        ctx.node().workerBlocked(ctx.taskId());
      }
      try {
        while (done[0] < numReturns) {
          long left = deadline - clock.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, TimeUnit.DAYS.toNanos(1)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RayException("interrupted while waiting");
      } finally {
        if (inTask) {
          ctx.node().workerUnblocked(ctx.taskId());
        }
      }
    }
    List<ObjectRef<T>> ready = new ArrayList<>();
    List<ObjectRef<T>> unready = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      if (fs.get(i).isDone() && ready.size() < Math.max(numReturns, 0)) {
        ready.add(refs.get(i));
      } else {
        unready.add(refs.get(i));
      }
    }
    return new WaitResult<>(ready, unready);
  }

  @Override
  public <T extends BaseActorHandle> Optional<T> getActor(String name) {
    return getActor(name, namespaces.of(context().job()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends BaseActorHandle> Optional<T> getActor(String name, String namespace) {
    if (namespace == null || namespace.isBlank() || namespace.contains("/")) {
      throw new IllegalArgumentException("getActor(\"" + name + "\", \"" + namespace + "\"): a namespace is a "
          + "non-empty name without '/'");
    }
    return cluster.gcs().actorTable().lookupByName(Namespaces.key(namespace, name)).join()
        .filter(e -> e.state() != ActorState.DEAD)
        .map(e -> (T) new ActorHandleImpl<>(e.id()));
  }

  @Override
  public String graph(String format) {
    requireEvents();
    JobGraph g = JobGraph.of(cluster.events(), job);
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "dot" -> GraphWriter.dot(g);
      case "json" -> GraphWriter.json(g);
      case "svg" -> GraphWriter.svg(g);
      default -> throw new IllegalArgumentException("a graph is drawn as dot, json or svg, not " + format);
    };
  }

  @Override
  public String timeline() {
    requireEvents();
    return TraceWriter.write(cluster.events());
  }

  private void requireEvents() {
    if (!cluster.config().get(Keys.EVENTS_ENABLED)) {
      throw new IllegalStateException("events are off (miniray.events.enabled=false): there is nothing to draw");
    }
  }

  @Override
  public RuntimeContext getRuntimeContext() {
    return context;
  }

  @Override
  public void shutdown() {
    if (job.value() != 0) { // a driver's runtime (head, node and worker processes run job 0's)
      if (!(cluster instanceof EmbeddedCluster)) {
        references.releaseAll(); // counting frees the job's objects; the job's end, whatever is left
      }
      JobEnding.end(cluster.gcs(), cluster.transport(), job, "its job " + job.hex() + " ended (its driver shut down)");
    }
    references.close();
    cluster.close();
  }

  /** The node the driver runs on. */
  public Node driverNode() {
    return driver.node();
  }
}
