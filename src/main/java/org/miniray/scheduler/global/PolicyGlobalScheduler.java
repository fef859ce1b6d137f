package org.miniray.scheduler.global;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskTable;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A global scheduler that asks a {@link SchedulingPolicy}. Its only state is a cache of the
 * node table (kept current by a subscription) and the tasks that no node can run yet; it runs
 * every decision on one thread, so policies need no locks.
 *
 * <p>Two rules keep the policy's view honest (the simulator in {@code org.miniray.sim} models
 * both):
 * <ul>
 *   <li>Between heartbeats it counts the tasks it has sent to each node into that node's load
 *       ({@link NodeView#plusSent}: queue length and available resources), so a burst of tasks
 *       is not all sent to the node that looked idlest a moment ago.
 *   <li>A task is placed once every object it takes exists: before that, where its inputs will
 *       be is unknown and the policy would weigh a transfer it cannot see. Until then the task
 *       waits here, on a subscription to each missing input's entry in the object table. When
 *       a node dies every waiting task is placed at once, so that its node's object manager
 *       asks lineage for an input that died unmade, as it does for any task.
 * </ul>
 */
public final class PolicyGlobalScheduler implements GlobalScheduler {
  private static final Logger log = LoggerFactory.getLogger(PolicyGlobalScheduler.class);

  private final Gcs gcs;
  private final Transport transport;
  private final SchedulingPolicy policy;
  private final Clock clock;
  private final long infeasibleTimeoutMs;
  private final EventRecorder events;
  private final ScheduledExecutorService thread;
  private final Subscription nodeSubscription;

  // Only touched on `thread`.
  private final Map<NodeId, NodeEntry> nodes = new LinkedHashMap<>();
  private final Map<NodeId, Sent> sentSinceHeartbeat = new HashMap<>();
  private final Map<TaskId, AwaitingInputs> awaitingInputs = new LinkedHashMap<>();
  private final List<Pending> infeasible = new ArrayList<>();
  // Accepted and not yet handed to a node (or failed): what a stopped replica gives back.
  private final Set<TaskSpec> unplaced = ConcurrentHashMap.newKeySet();
  // While recover() reads the task table: the tasks schedule() was given meanwhile (not taken twice).
  private volatile Set<TaskId> arrivedDuringRecovery;

  private record Pending(TaskSpec spec, long deadlineMillis) {}

  /** Tasks sent to a node since its last heartbeat, and what they demand. */
  private record Sent(int tasks, ResourceSet demand) {
    Sent plus(ResourceSet more) {
      return new Sent(tasks + 1, demand.plus(more));
    }
  }

  /** A task waiting for its inputs to exist, with its subscriptions to them. */
  private record AwaitingInputs(TaskSpec spec, long deadlineMillis, List<Subscription> subscriptions) {}

  public PolicyGlobalScheduler(Gcs gcs, Transport transport, SchedulingPolicy policy, Clock clock,
      long infeasibleTimeoutMs, EventRecorder events) {
    this.gcs = gcs;
    this.transport = transport;
    this.policy = policy;
    this.clock = clock;
    this.infeasibleTimeoutMs = infeasibleTimeoutMs;
    this.events = events;
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-global-scheduler"));
    this.nodeSubscription = gcs.nodeTable().subscribe(e -> onThread(() -> onNode(e)));
  }

  // Runs a decision on the scheduler's thread; once stopped (or replaced by a restart) it makes none.
  private void onThread(Runnable decision) {
    try {
      thread.execute(decision);
    } catch (RejectedExecutionException stopped) {
      // a late notification or lookup for a scheduler that is gone: its successor has the task
    }
  }

  private void onNode(NodeEntry e) {
    NodeEntry before = nodes.put(e.info().id(), e);
    sentSinceHeartbeat.remove(e.info().id());
    boolean joined = e.alive() && (before == null || !before.alive());
    if (!e.alive()) {
      // Even if this scheduler already counted it dead (it found it unreachable): say it again.
      placeEveryTaskAwaitingInputs();
    }
    if (joined && !infeasible.isEmpty()) {
      List<Pending> retry = new ArrayList<>(infeasible);
      infeasible.clear();
      retry.forEach(p -> place(p.spec(), p.deadlineMillis()));
    }
  }

  @Override
  public void schedule(TaskSpec spec) {
    // Appended before anything else about the task, so it precedes our SCHEDULED in the log and a
    // successor reading the table after we are gone finds every task we accepted; and before the
    // check below, so a task refused because we stopped meanwhile is found too. Not awaited:
    // forwarding pays no GCS round trip.
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.FORWARDED, null).exceptionally(t -> null);
    accept(spec);
  }

  /**
   * The row and {@code FORWARDED} in one entry, appended first for the same reasons as in {@link
   * #schedule}, through this scheduler's own GCS client (the one its {@code SCHEDULED} goes through,
   * so that the two stay in order), not {@code rows}.
   */
  @Override
  public void scheduleNew(TaskSpec spec, TaskTable rows) {
    gcs.taskTable().add(spec, TaskStatus.FORWARDED, null).exceptionally(t -> null);
    accept(spec);
  }

  private void accept(TaskSpec spec) {
    if (thread.isShutdown()) {
      throw new IllegalStateException("this global scheduler is stopped");
    }
    Set<TaskId> arrived = arrivedDuringRecovery;
    if (arrived != null) {
      arrived.add(spec.taskId());
    }
    unplaced.add(spec);
    place(spec, clock.millis() + infeasibleTimeoutMs);
  }

  @Override
  public void dropJob(JobId job) {
    onThread(() -> {
      int before = unplaced.size();
      for (Iterator<AwaitingInputs> it = awaitingInputs.values().iterator(); it.hasNext(); ) {
        AwaitingInputs w = it.next();
        if (ofEndedJob(w.spec(), job)) {
          it.remove();
          w.subscriptions().forEach(Subscription::close);
        }
      }
      infeasible.removeIf(p -> ofEndedJob(p.spec(), job));
      unplaced.removeIf(s -> ofEndedJob(s, job));
      if (before > unplaced.size()) {
        log.info("dropped {} tasks of ended job {}", before - unplaced.size(), job);
      }
    });
  }

  // Its normal tasks: an actor's creation may outlive its job (a detached actor, or its restart).
  private static boolean ofEndedJob(TaskSpec spec, JobId job) {
    return spec.kind() == TaskKind.NORMAL && spec.jobId().equals(job);
  }

  /**
   * Takes over the tasks a previous global scheduler held, as a restart after a crash does
   * (paper section 4.2.1: its state lives in the GCS): once {@code previousGone} completes, every
   * task the task table says is {@code FORWARDED} is placed again, as {@link #schedule} would
   * (waiting for its inputs, or for a node that can run it, with a new infeasibility deadline).
   *
   * <p>Call it before this scheduler receives tasks, and complete {@code previousGone} when the
   * previous one can take no more. A task is {@code FORWARDED} from when a global scheduler
   * accepts it ({@link #schedule} appends that write first) until one places it ({@code
   * SCHEDULED}, appended later by the same client), and the task table's answer includes every
   * write its client appended before, so the table, read after that, lists every task the
   * previous one held; a task given to {@link #schedule} from this call on is not taken twice.
   *
   * @return the tasks taken back
   */
  @Override
  public CompletableFuture<List<TaskSpec>> recover(CompletionStage<?> previousGone) {
    if (thread.isShutdown()) {
      return CompletableFuture.failedFuture(new IllegalStateException("this global scheduler is stopped"));
    }
    Set<TaskId> arrived = ConcurrentHashMap.newKeySet();
    arrivedDuringRecovery = arrived;
    return previousGone.toCompletableFuture()
        .thenCompose(v -> gcs.taskTable().entries(TaskStatus.FORWARDED))
        .thenApplyAsync(rows -> {
          List<TaskSpec> taken = new ArrayList<>();
          long deadline = clock.millis() + infeasibleTimeoutMs;
          for (var row : rows) {
            TaskSpec spec = row.spec();
            if (!arrived.contains(spec.taskId())) {
              unplaced.add(spec);
              place(spec, deadline);
              taken.add(spec);
            }
          }
          log.info("global scheduler: took over {} forwarded tasks from the task table", taken.size());
          return taken;
        }, thread)
        .whenComplete((v, e) -> arrivedDuringRecovery = null);
  }

  private void place(TaskSpec spec, long deadline) {
    inputSizes(spec).whenComplete((sizes, error) -> onThread(() -> {
      if (error != null) {
        log.warn("cannot look up the inputs of {}: {}", spec, error.toString());
      }
      if (sizes != null && sizes.size() < byRefCount(spec) && !anyNodeDead()) {
        awaitInputs(spec, deadline, sizes);
      } else {
        place(spec, deadline, sizes == null ? List.of() : sizes);
      }
    }));
  }

  // Once a node has died, an input that does not exist may never be made unless a node asks
  // lineage for it, which only a node waiting for it does: so tasks are placed at once, as the
  // object manager, for the same reason, looks again at every fetch once any node has died.
  private boolean anyNodeDead() {
    for (NodeEntry n : nodes.values()) {
      if (!n.alive()) {
        return true;
      }
    }
    return false;
  }

  private static int byRefCount(TaskSpec spec) {
    int n = 0;
    for (TaskArg a : spec.args()) {
      if (a instanceof TaskArg.ByRef) {
        n++;
      }
    }
    return n;
  }

  /** Holds {@code spec} until every input it takes by reference has an entry in the object table. */
  private void awaitInputs(TaskSpec spec, long deadline, List<ObjectEntry> known) {
    if (thread.isShutdown() || awaitingInputs.containsKey(spec.taskId())) {
      return;
    }
    Set<ObjectId> have = new HashSet<>();
    known.forEach(o -> have.add(o.id()));
    List<Subscription> subscriptions = new ArrayList<>();
    awaitingInputs.put(spec.taskId(), new AwaitingInputs(spec, deadline, subscriptions));
    for (TaskArg a : spec.args()) {
      if (a instanceof TaskArg.ByRef r && have.add(r.id())) {
        // Called with the entry now (if any) and on every change: the first call is enough.
        subscriptions.add(gcs.objectTable().subscribe(r.id(), entry -> onThread(() -> inputMade(spec))));
      }
    }
  }

  // An input of a waiting task now exists; look again at all of them (sizes and locations).
  private void inputMade(TaskSpec spec) {
    AwaitingInputs w = awaitingInputs.get(spec.taskId());
    if (w == null) {
      return;
    }
    inputSizes(spec).whenComplete((sizes, error) -> onThread(() -> {
      if (error != null || sizes.size() >= byRefCount(spec)) {
        inputsExist(spec);
      }
    }));
  }

  // A node is dead: an input it was to make may now be made only if a node waiting for it asks
  // lineage, so no task may wait here for one.
  private void placeEveryTaskAwaitingInputs() {
    if (!awaitingInputs.isEmpty()) {
      new ArrayList<>(awaitingInputs.values()).forEach(w -> inputsExist(w.spec()));
    }
  }

  private void inputsExist(TaskSpec spec) {
    AwaitingInputs w = awaitingInputs.remove(spec.taskId());
    if (w != null) {
      w.subscriptions().forEach(Subscription::close);
      place(spec, w.deadlineMillis());
    }
  }

  private void place(TaskSpec spec, long deadline, List<ObjectEntry> inputs) {
    long inputBytes = 0;
    for (ObjectEntry o : inputs) {
      inputBytes += o.sizeBytes();
    }
    List<NodeView> views = new ArrayList<>(nodes.size());
    for (NodeEntry n : nodes.values()) {
      if (!n.alive()) {
        continue;
      }
      long local = 0;
      for (ObjectEntry o : inputs) {
        if (o.locations().contains(n.info().id())) {
          local += o.sizeBytes();
        }
      }
      NodeLoad load = n.load();
      NodeView view = new NodeView(n.info().id(), n.info().total(),
          load == null ? n.info().total() : load.available(), load == null ? 0 : load.queueLength(),
          load == null ? NodeView.UNMEASURED_TASK_MILLIS : load.avgTaskMillis(),
          load == null ? 1e6 : load.bandwidthBytesPerMs(), local);
      Sent sent = sentSinceHeartbeat.get(n.info().id());
      views.add(sent == null ? view : view.plusSent(sent.tasks(), sent.demand()));
    }
    Optional<NodeId> choice;
    try {
      choice = policy.select(new TaskRequest(spec.taskId(), spec.resources(), inputBytes), views);
    } catch (RuntimeException e) {
      log.error("scheduling policy {} failed on {}", policy.getClass().getName(), spec, e);
      choice = Optional.empty();
    }
    if (choice.isEmpty()) {
      parkInfeasible(spec, deadline);
      return;
    }
    NodeId node = choice.get();
    sentSinceHeartbeat.merge(node, new Sent(1, spec.resources()), (a, b) -> a.plus(spec.resources()));
    events.task(Event.Kind.TASK_SCHEDULED, spec, inputBytes, node.value(), policy.getClass().getSimpleName());
    // Recorded before the hand-over: if the node dies with the task, lineage finds it there.
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.SCHEDULED, node).exceptionally(t -> null);
    try {
      transport.connect(node).placeTask(spec);
      unplaced.remove(spec);
    } catch (RuntimeException e) {
      log.warn("node {} chosen for {} is unreachable ({}); scheduling again", node, spec, e.toString());
      NodeEntry gone = nodes.get(node);
      if (gone != null) {
        nodes.put(node, new NodeEntry(gone.info(), gone.load(), false, gone.lastHeartbeatMillis()));
      }
      placeEveryTaskAwaitingInputs();
      onThread(() -> place(spec, deadline, inputs));
    }
  }

  private void parkInfeasible(TaskSpec spec, long deadline) {
    long now = clock.millis();
    if (now >= deadline) {
      failInfeasible(spec);
      return;
    }
    infeasible.add(new Pending(spec, deadline));
    thread.schedule(this::expireInfeasible, deadline - now, TimeUnit.MILLISECONDS);
  }

  private void expireInfeasible() {
    long now = clock.millis();
    for (Iterator<Pending> it = infeasible.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now >= p.deadlineMillis()) {
        it.remove();
        failInfeasible(p.spec());
      }
    }
  }

  private void failInfeasible(TaskSpec spec) {
    StringBuilder have = new StringBuilder();
    for (NodeEntry n : nodes.values()) {
      if (n.alive()) {
        have.append(have.length() == 0 ? "" : ", ").append(n.info().id()).append(' ').append(n.info().total());
      }
    }
    String message = "no node can provide the resources " + spec.resources() + " that " + spec.name()
        + " needs (live nodes: " + (have.length() == 0 ? "none" : have) + "); waited " + infeasibleTimeoutMs
        + " ms for such a node to join (miniray.scheduler.infeasible.timeout.ms)";
    log.warn(message);
    unplaced.remove(spec);
    // Its error is its result, at its owner: a restarted global scheduler must not take it back.
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.FAILED, spec.ownerNode()).exceptionally(t -> null);
    try {
      transport.connect(spec.ownerNode()).failTask(spec,
          TaskError.system(TaskError.Kind.INFEASIBLE, spec.name(), null, message));
    } catch (RuntimeException e) {
      log.warn("cannot tell {} that {} is infeasible: {}", spec.ownerNode(), spec, e.toString());
    }
  }

  private CompletableFuture<List<ObjectEntry>> inputSizes(TaskSpec spec) {
    List<CompletableFuture<Optional<ObjectEntry>>> lookups = new ArrayList<>();
    for (TaskArg a : spec.args()) {
      if (a instanceof TaskArg.ByRef r) {
        lookups.add(gcs.objectTable().lookup(r.id()));
      }
    }
    if (lookups.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<ObjectEntry> out = new ArrayList<>();
      for (CompletableFuture<Optional<ObjectEntry>> f : lookups) {
        f.join().ifPresent(out::add);
      }
      return out;
    });
  }

  @Override
  public List<TaskSpec> stop() {
    nodeSubscription.close();
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The tasks still waiting for inputs are in `unplaced` too: they go back with the rest.
    awaitingInputs.values().forEach(w -> w.subscriptions().forEach(Subscription::close));
    List<TaskSpec> left = new ArrayList<>(unplaced);
    unplaced.clear();
    return left;
  }
}
