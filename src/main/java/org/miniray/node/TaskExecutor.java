package org.miniray.node;

import com.google.common.collect.Iterables;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.actor.ActorHost;
import org.miniray.actor.ActorRecovery;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.actor.SerialActorHost;
import org.miniray.common.Clock;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.objectstore.ObjectManager;
import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.scheduler.local.TaskDispatcher;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.worker.RemoteWorkers;
import org.miniray.worker.TaskRunner;
import org.miniray.worker.ThreadWorkerPool;
import org.miniray.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks a local scheduler of this node dispatches (paper figure 7, steps 4 and 5): on a
 * worker, as a child of the task's context; then records the result's fate in the task table.
 * An actor creation builds the actor and registers it with the node's actor host, which runs its
 * calls on the same workers.
 *
 * <p>It keeps the tasks started here until their end is durable ({@link StartedTask}), so a
 * restarted local scheduler can adopt those still running and does not queue them again. Each
 * local scheduler dispatches through {@link #dispatcherFor} its generation; a task dispatched by
 * one since replaced is dropped here (the new one has it from the task table).
 */
final class TaskExecutor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final Node node;
  private final NodeId id;
  private final Gcs gcs;
  private final LineageReplayer lineage;
  private final ObjectManager objects;
  private final EventRecorder events;
  private final WorkerPool workers;
  private final TaskRunner runner;
  private final ActorHost actors;
  // Tasks started here whose end is not yet durable in the task table (actor creations: for good).
  private final Map<TaskId, StartedTask> started = new ConcurrentHashMap<>();
  // Tasks this node, a worker process, runs for its node (runHere): tracked only to be cancelled.
  private final Map<TaskId, StartedTask> runningForOthers = new ConcurrentHashMap<>();
  private final GpuIds gpus;
  private final RemoteWorkers remote; // worker processes for normal tasks, or null: threads of this JVM
  private final Map<ActorId, List<Long>> actorGpus = new ConcurrentHashMap<>(); // for the actor's life
  private final Object lock = new Object();
  private int generation; // guarded by lock: the local scheduler whose dispatches run
  private volatile Consumer<TaskSpec> beforeAttempt = s -> { };

  TaskExecutor(Node node, NodeServices services, TaskInputs inputs, Clock clock, ResourceSet total) {
    this.node = node;
    this.gpus = new GpuIds(total.get(ResourceSet.GPU));
    this.remote = services.workers();
    this.id = node.id();
    this.gcs = services.gcs();
    this.lineage = services.lineage();
    this.objects = node.objects();
    this.events = node.events();
    this.workers = new ThreadWorkerPool(id.value());
    this.runner = new TaskRunner(id, services.functions(), services.serializer(), objects, events);
    this.actors = new SerialActorHost(id.value(), workers::newLane, new SerialActorHost.Calls(
        inputs::fetchInputs,
        (call, instance) -> TaskContext.runAs(new TaskContext(node, call,
            actorGpus.getOrDefault(call.actorId(), List.of())),
            () -> runner.run(call, instance)),
        runner::storeError, this::recordCall), new ActorRecovery(new GcsCheckpointStore(gcs.checkpointTable()),
            gcs.taskTable(), services.serializer(), this::resultKept, clock, events));
  }

  /** The actors hosted here. */
  ActorHost actors() {
    return actors;
  }

  /** Stores {@code error} as the result of {@code spec}. */
  void fail(TaskSpec spec, TaskError error) {
    runner.storeError(spec, error);
  }

  /** For fault injection: {@code hook} runs on the worker thread before every task attempt here. */
  void beforeEachAttempt(Consumer<TaskSpec> hook) {
    this.beforeAttempt = hook;
  }

  /** The dispatcher of the local scheduler of generation {@code gen}. */
  TaskDispatcher dispatcherFor(int gen) {
    return (spec, whenDone) -> dispatch(gen, spec, whenDone);
  }

  /** From now on only the local scheduler of the returned generation dispatches here. */
  int nextGeneration() {
    synchronized (lock) {
      return ++generation;
    }
  }

  /** Hands every task still running here to {@code fresh}, of generation {@code gen}; returns how many. */
  int adoptRunning(LocalScheduler fresh, int gen) {
    int adopted = 0;
    for (StartedTask s : started.values()) {
      if (s.adoptBy(fresh, gen)) {
        adopted++;
      }
    }
    return adopted;
  }

  /** Whether {@code task} started here and its end is not yet durable. */
  boolean hasStarted(TaskId task) {
    return started.containsKey(task);
  }

  /** The tasks that have started here and whose end is not yet durable, as of now. */
  Set<TaskId> startedTasks() {
    return Set.copyOf(started.keySet());
  }

  /** The running task {@code task} blocks in {@code get} (or runs again): noted for an adopting scheduler. */
  void setBlocked(TaskId task, boolean blocked) {
    StartedTask s = started.get(task);
    if (s != null) {
      s.setBlocked(blocked);
    }
  }

  /**
   * Job {@code job} ended: interrupts the worker threads of its normal tasks running here. A task
   * that ignores the interrupt runs to its end, and its result is dropped (the object manager
   * refuses the job's objects from now on). Returns how many it interrupted.
   */
  int cancelJob(JobId job) {
    int interrupted = 0;
    for (StartedTask s : Iterables.concat(started.values(), runningForOthers.values())) {
      if (s.spec.kind() == TaskKind.NORMAL && s.spec.jobId().equals(job) && s.interrupt()) {
        interrupted++;
      }
    }
    return interrupted;
  }

  private void dispatch(int gen, TaskSpec spec, Runnable release) {
    if (spec.kind() == TaskKind.NORMAL && objects.hasEnded(spec.jobId())) {
      release.run(); // its job ended while it waited: nobody waits for it
      return;
    }
    StartedTask task = new StartedTask(spec, release, gen);
    synchronized (lock) {
      if (gen != generation) {
        return; // from a local scheduler since replaced: the new one has the task from the task table
      }
      started.put(spec.taskId(), task);
    }
    if (remote != null && spec.kind() == TaskKind.NORMAL) {
      runInWorkerProcess(spec, task);
      return;
    }
    List<Long> gpuIds = gpus.acquire(spec.resources().get(ResourceSet.GPU));
    workers.execute(() -> {
      TaskContext ctx = new TaskContext(node, spec, gpuIds);
      if (spec.kind() == TaskKind.ACTOR_CREATION) {
        if (!gpuIds.isEmpty()) {
          actorGpus.put(spec.actorId(), gpuIds);
        }
        AtomicBoolean gpusBack = new AtomicBoolean(); // the host may report the actor's end more than once
        createActor(ctx, spec, () -> {
          task.release();
          if (gpusBack.compareAndSet(false, true)) {
            actorGpus.remove(spec.actorId(), gpuIds);
            gpus.release(gpuIds);
          }
        });
      } else {
        task.running(Thread.currentThread());
        try {
          run(ctx, spec, task);
        } finally {
          task.stopped();
          gpus.release(gpuIds);
        }
      }
    });
  }

  /**
   * Hands {@code spec} to a worker process, which stores its result and records it; if the worker
   * dies first, the attempt failed as if a thread's worker had died here.
   */
  private void runInWorkerProcess(TaskSpec spec, StartedTask task) {
    remote.run(spec).whenComplete((v, failed) -> {
      CompletableFuture<Void> recorded = null;
      try {
        if (failed != null) {
          Throwable why = failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null
              ? failed.getCause() : failed;
          recorded = workerDied(spec, why.getMessage());
        }
      } finally {
        task.release();
        if (recorded == null) {
          started.remove(spec.taskId(), task);
        } else {
          recorded.whenComplete((x, e) -> started.remove(spec.taskId(), task));
        }
      }
    });
  }

  /**
   * Runs normal task {@code spec} now, for the node whose worker process this is
   * ({@code NodeService.runTask}): it stores its result here and records it; the returned future
   * fails if the task's worker died of an {@code Error}.
   */
  CompletableFuture<Void> runHere(TaskSpec spec) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (objects.hasEnded(spec.jobId())) {
      done.complete(null); // its job ended: nobody waits for it
      return done;
    }
    workers.execute(() -> {
      StartedTask task = new StartedTask(spec, null, 0); // not this node's to schedule: only to cancel
      task.running(Thread.currentThread());
      runningForOthers.put(spec.taskId(), task);
      try {
        TaskContext.runAs(new TaskContext(node, spec, List.of()), () -> runner.run(spec, null));
        CompletableFuture<Void> recorded = recordDone(spec);
        (recorded == null ? CompletableFuture.<Void>completedFuture(null) : recorded)
            .whenComplete((x, e) -> done.complete(null));
      } catch (Error crash) {
        done.completeExceptionally(crash);
      } catch (RuntimeException bug) {
        done.completeExceptionally(bug);
      } finally {
        runningForOthers.remove(spec.taskId(), task);
        task.stopped();
      }
    });
    return done;
  }

  private void run(TaskContext ctx, TaskSpec spec, StartedTask task) {
    CompletableFuture<Void> recorded = null;
    try {
      TaskContext.runAs(ctx, () -> {
        beforeAttempt.accept(spec);
        runner.run(spec, null);
      });
      recorded = recordDone(spec);
    } catch (Error crash) {
      recorded = workerDied(spec, "its worker on " + id + " died: " + crash);
    } finally {
      task.release();
      // Until its end is durable, a restarted local scheduler must not run it again.
      if (recorded == null) {
        started.remove(spec.taskId(), task);
      } else {
        recorded.whenComplete((v, e) -> started.remove(spec.taskId(), task));
      }
    }
  }

  private void createActor(TaskContext ctx, TaskSpec spec, Runnable whenDone) {
    Object[] built = new Object[1];
    try {
      TaskContext.runAs(ctx, () -> built[0] = runner.run(spec, null));
    } catch (RuntimeException | Error e) {
      whenDone.run();
      throw e;
    }
    if (built[0] == null) {
      whenDone.run();
      markActor(spec, ActorState.DEAD, null, ActorEntry.CONSTRUCTOR_FAILED);
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
  }

  /**
   * The attempt's worker died with an Error: the attempt failed, and counts against the retries.
   * Completes once the task is on its way again (its row says {@code FORWARDED}) or its error is
   * recorded; until then a restarted local scheduler must not run it again.
   */
  private CompletableFuture<Void> workerDied(TaskSpec spec, String why) {
    if (node.isKilled() || objects.hasEnded(spec.jobId())) {
      return null;
    }
    log.info("{} failed: {}", spec, why);
    // Not on the thread that answers (the lineage thread, or an event loop): storing the error may block.
    return lineage.attemptFailed(spec, why).handleAsync((retried, failed) -> {
      if (failed == null && retried) {
        return CompletableFuture.<Void>completedFuture(null); // lineage runs it again
      }
      String verdict = failed == null ? "and its " + spec.maxRetries() + " retries are spent"
          : "and no retry could be asked for: " + (failed.getCause() != null ? failed.getCause() : failed);
      runner.storeError(spec, TaskError.system(TaskError.Kind.WORKER_DIED, spec.name(), id.value(),
          why + " (" + verdict + ")"));
      CompletableFuture<Void> recorded = recordDone(spec);
      return recorded == null ? CompletableFuture.<Void>completedFuture(null) : recorded;
    }, workers::execute).thenCompose(f -> f);
  }

  // The task table says where each task's result lives: lineage looks there when it is lost.
  private CompletableFuture<Void> recordDone(TaskSpec spec) {
    if (node.isKilled() || objects.hasEnded(spec.jobId())) { // an ended job's result was dropped
      return null;
    }
    Byte encoding = objects.localEncoding(spec.returnId()); // not the bytes: a large result is not copied out
    TaskStatus status = encoding != null && encoding == SerializedObject.ERROR ? TaskStatus.FAILED : TaskStatus.FINISHED;
    return gcs.taskTable().updateStatus(spec.taskId(), status, id).exceptionally(t -> null);
  }

  // An actor call admitted here: its row (lineage, replay) is written by its host, not its caller (SerialActorHost).
  private CompletableFuture<Void> recordCall(TaskSpec call) {
    if (node.isKilled()) {
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
  public void close() {
    if (remote != null) {
      remote.close();
    }
    actors.close();
    workers.close();
  }
}
