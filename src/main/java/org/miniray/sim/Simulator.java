package org.miniray.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.miniray.common.Clock;
import org.miniray.common.ExponentialAverage;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.scheduler.policy.TaskRequest;
import org.miniray.task.ResourceSet;

/**
 * Runs one {@link TaskGraph} on a simulated cluster under one {@link SchedulingPolicy}, in
 * virtual time, and measures it.
 *
 * <p>The model is the paper's bottom-up scheduler (section 4.2.2):
 * <ol>
 *   <li>a task is submitted at a node: the driver's (node 0) or its parent's;
 *   <li>that node's local scheduler keeps it if its free resources, less those of tasks
 *       already placed there, cover it, or if fewer than
 *       {@link SimConfig#localQueueThreshold} tasks wait there; otherwise it forwards it,
 *       one network hop away, to the global scheduler;
 *   <li>the global scheduler holds the task until every input exists (it hears of an input
 *       one hop after it is made), then calls the policy with the nodes as of their last
 *       heartbeat (up to {@link SimConfig#heartbeatNanos} old), adding to each node's load
 *       the tasks it sent there since that heartbeat ({@link NodeView#plusSent}), and sends
 *       the task, one more hop, to the chosen node. Both rules are {@code
 *       PolicyGlobalScheduler}'s; a node that has finished no task reports
 *       {@link NodeView#UNMEASURED_TASK_MILLIS}, as the local scheduler does;
 *   <li>once every input exists, the node pulls the remote ones from where they were made
 *       (latency + size / bandwidth each, in parallel; a pulled copy is reused by later
 *       tasks on that node);
 *   <li>the task then waits in its node's first-in first-out queue for resources and runs
 *       for its duration. Tasks a task submits are submitted as it starts; the driver
 *       submits its tasks one at a time ({@link SimConfig#driverSubmitNanos} each).
 * </ol>
 * Actor methods ({@link TaskGraph#pinnedNode}) go straight to their actor's node.
 *
 * <p>Runs are exactly repeatable: events are ordered by (time, order of scheduling), and the
 * simulator itself draws no random numbers (the workload draws from the run's one seeded
 * stream; the policy from its own seed).
 */
public final class Simulator {
  private static final int SUBMIT = 0;
  private static final int AT_GLOBAL = 1;
  private static final int DECIDE = 2;
  private static final int AT_NODE = 3;
  private static final int INPUTS_READY = 4;
  private static final int FINISH = 5;
  private static final int HEARTBEAT = 6;
  private static final int DRIVER_SUBMIT = 7; // arg: position in driverOrder

  // Task states.
  private static final byte NEW = 0; // not yet submitted (the arrays start at zero)
  private static final byte TRAVELLING = 1; // to the global scheduler or to its node
  private static final byte PLACED = 2;     // on its node, waiting for inputs
  private static final byte QUEUED = 3;
  private static final byte RUNNING = 4;
  private static final byte DONE = 5;
  private static final byte AWAITING_INPUTS = 6; // at the global scheduler, an input not made yet

  private static final int DRIVER_NODE = 0;

  private final SimConfig cfg;
  private final TaskGraph g;
  private final SchedulingPolicy policy;
  private final int nodeCount;
  private final int taskCount;
  private final EventQueue events = new EventQueue();

  private final SimResources resources;

  // Nodes.
  private final NodeId[] nodeIds;
  private final Map<NodeId, Integer> nodeIndex = new HashMap<>();
  private final IntQueue[] readyQueue;
  private final int[] placedCount;
  private final ExponentialAverage[] avgTaskMillis;
  private final boolean[] changedSinceHeartbeat;
  private final NodeView[] lastViews;
  private List<NodeView> viewList;
  private final double bandwidthBytesPerMs;

  // Tasks.
  private final byte[] state;
  private final int[] node;
  private final int[] missingInputs;
  private final long[] submittedAt;
  private final ReverseEdges edges;
  private final long[] latencies;
  private final Map<Long, Long> copyArrival = new HashMap<>(); // object * nodes + node

  // Measurements.
  private long makespan;
  private long bytesMoved;
  private long forwarded;
  private long decisions;
  private int finished;
  private long traceHash = 17;
  private long globalFreeAt;

  private Simulator(SimConfig cfg, TaskGraph graph, SchedulingPolicy policy) {
    this.cfg = cfg;
    this.g = graph;
    this.policy = policy;
    this.nodeCount = cfg.nodes();
    this.taskCount = graph.size();

    resources = new SimResources(cfg.nodeResources(), nodeCount, graph);

    nodeIds = new NodeId[nodeCount];
    readyQueue = new IntQueue[nodeCount];
    placedCount = new int[nodeCount];
    avgTaskMillis = new ExponentialAverage[nodeCount];
    changedSinceHeartbeat = new boolean[nodeCount];
    lastViews = new NodeView[nodeCount];
    for (int n = 0; n < nodeCount; n++) {
      nodeIds[n] = new NodeId("node-" + n);
      nodeIndex.put(nodeIds[n], n);
      readyQueue[n] = new IntQueue();
      avgTaskMillis[n] = new ExponentialAverage(0.1, NodeView.UNMEASURED_TASK_MILLIS);
      changedSinceHeartbeat[n] = true;
    }
    bandwidthBytesPerMs = cfg.bandwidthBytesPerSecond() / 1000.0;

    state = new byte[taskCount];
    node = new int[taskCount];
    Arrays.fill(node, -1);
    missingInputs = new int[taskCount];
    submittedAt = new long[taskCount];
    latencies = new long[taskCount];

    for (int t = 0; t < taskCount; t++) {
      missingInputs[t] = graph.inputCount(t);
      if (graph.pinnedNode(t) >= nodeCount) {
        throw new IllegalArgumentException("task " + t + " is pinned to node " + graph.pinnedNode(t)
            + " but the cluster has only " + nodeCount + " nodes");
      }
    }
    edges = new ReverseEdges(graph);
  }

  /** Generates {@code workload} from the run's seed, then runs it. */
  public static SimResult run(SimConfig cfg, Workload workload, String policyName,
      SchedulingPolicy policy) {
    TaskGraph graph = workload.generate(cfg.nodes(), new SplittableRandom(cfg.seed()));
    return run(cfg, workload.name(), graph, policyName, policy);
  }

  /** Runs {@code graph}; the graph is not changed, so one graph can serve many policies. */
  public static SimResult run(SimConfig cfg, String workloadName, TaskGraph graph,
      String policyName, SchedulingPolicy policy) {
    return new Simulator(cfg, graph, policy).simulate(workloadName, policyName);
  }

  private SimResult simulate(String workloadName, String policyName) {
    long wallStart = Clock.SYSTEM.nanoTime();
    heartbeat();
    events.schedule(cfg.heartbeatNanos(), HEARTBEAT, 0);
    if (edges.driverOrder.length > 0) {
      events.schedule(g.submitNanos(edges.driverOrder[0]), DRIVER_SUBMIT, 0);
    }
    while (!events.isEmpty()) {
      events.poll();
      long now = events.time();
      int t = events.arg();
      switch (events.kind()) {
        case SUBMIT -> submit(t, now);
        case DRIVER_SUBMIT -> driverSubmit(t, now);
        case AT_GLOBAL -> atGlobal(t, now);
        case DECIDE -> decide(t, now);
        case AT_NODE -> place(t, node[t], now);
        case INPUTS_READY -> inputsReady(t, now);
        case FINISH -> finish(t, now);
        case HEARTBEAT -> {
          // Only heartbeats left means nothing can happen any more.
          if (!events.isEmpty()) {
            heartbeat();
            events.schedule(now + cfg.heartbeatNanos(), HEARTBEAT, 0);
          }
        }
        default -> throw new IllegalStateException("unknown event kind " + events.kind());
      }
    }
    double wallMillis = (Clock.SYSTEM.nanoTime() - wallStart) / 1e6;

    long[] done = Arrays.copyOf(latencies, finished);
    Arrays.sort(done);
    return new SimResult(workloadName, policyName, nodeCount, taskCount, makespan / 1e9,
        percentile(done, 0.50) / 1e6, percentile(done, 0.99) / 1e6, bytesMoved, forwarded,
        decisions, finished, taskCount - finished, traceHash, wallMillis,
        decisions / Math.max(wallMillis / 1000.0, 1e-9));
  }

  // Nearest-rank percentile of sorted values; 0 when there are none.
  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  // The driver submits one task at a time, so a million tasks are not all decided at once.
  private void driverSubmit(int position, long now) {
    submit(edges.driverOrder[position], now);
    int next = position + 1;
    if (next < edges.driverOrder.length) {
      long at = Math.max(g.submitNanos(edges.driverOrder[next]), now + cfg.driverSubmitNanos());
      events.schedule(at, DRIVER_SUBMIT, next);
    }
  }

  private void submit(int t, long now) {
    int here = g.parent(t) == TaskGraph.DRIVER ? DRIVER_NODE : node[g.parent(t)];
    submittedAt[t] = now;
    int pinned = g.pinnedNode(t);
    if (pinned != TaskGraph.ANYWHERE) {
      travelTo(t, pinned, here, now);
      return;
    }
    long[] need = demandOf(t);
    boolean keep = resources.fitsAnyNode(need)
        && (resources.freeForOneMore(here, need) || queueLength(here) < cfg.localQueueThreshold());
    if (keep) {
      decisions++;
      place(t, here, now);
    } else {
      forwarded++;
      state[t] = TRAVELLING;
      events.schedule(now + cfg.latencyNanos(), AT_GLOBAL, t);
    }
  }

  private void atGlobal(int t, long now) {
    if (missingInputs[t] > 0) {
      // Where an input will be is unknown until it exists, so the choice waits for it (the
      // object table tells the scheduler, one hop after the input is made; see finish).
      state[t] = AWAITING_INPUTS;
      return;
    }
    long decideAt = Math.max(now, globalFreeAt) + cfg.globalDecisionNanos();
    globalFreeAt = decideAt;
    if (decideAt == now) {
      decide(t, now);
    } else {
      events.schedule(decideAt, DECIDE, t);
    }
  }

  private void decide(int t, long now) {
    decisions++;
    TaskRequest request = new TaskRequest(new TaskId(t), g.demand(t), g.inputBytes(t));
    Optional<NodeId> choice = policy.select(request, viewsFor(t));
    if (choice.isEmpty()) {
      return; // infeasible: it, and whatever needs its object, never runs
    }
    Integer n = nodeIndex.get(choice.get());
    if (n == null) {
      throw new IllegalStateException("the policy chose " + choice.get()
          + ", which is not a node of this cluster (node-0 .. node-" + (nodeCount - 1) + ")");
    }
    if (!resources.fitsAnyNode(demandOf(t))) {
      throw new IllegalStateException("the policy chose " + choice.get() + " for a task needing "
          + g.demand(t) + ", but that node has only " + cfg.nodeResources() + " in all");
    }
    // As the real global scheduler does, count what it sent since the node's last heartbeat
    // into that node's load, so one stale view does not send a whole burst to one node.
    lastViews[n] = lastViews[n].plusSent(1, g.demand(t));
    travelTo(t, n, -1, now);
  }

  private void travelTo(int t, int target, int from, long now) {
    if (target == from) {
      place(t, target, now);
    } else {
      node[t] = target;
      state[t] = TRAVELLING;
      events.schedule(now + cfg.latencyNanos(), AT_NODE, t);
    }
  }

  private void place(int t, int n, long now) {
    resources.promise(n, demandOf(t));
    node[t] = n;
    state[t] = PLACED;
    placedCount[n]++;
    changedSinceHeartbeat[n] = true;
    if (missingInputs[t] == 0) {
      pullInputs(t, now);
    }
  }

  private void pullInputs(int t, long now) {
    int n = node[t];
    long readyAt = now;
    for (int i = 0, k = g.inputCount(t); i < k; i++) {
      int producer = g.input(t, i);
      if (node[producer] == n) {
        continue;
      }
      long key = (long) producer * nodeCount + n;
      Long arrival = copyArrival.get(key);
      if (arrival == null) {
        long bytes = g.outputBytes(producer);
        arrival = now + cfg.latencyNanos() + (long) Math.ceil(bytes / bandwidthBytesPerMs * 1e6);
        bytesMoved += bytes;
        copyArrival.put(key, arrival);
      }
      readyAt = Math.max(readyAt, arrival);
    }
    if (readyAt > now) {
      events.schedule(readyAt, INPUTS_READY, t);
    } else {
      inputsReady(t, now);
    }
  }

  private void inputsReady(int t, long now) {
    int n = node[t];
    placedCount[n]--;
    state[t] = QUEUED;
    readyQueue[n].add(t);
    dispatch(n, now);
  }

  private void dispatch(int n, long now) {
    IntQueue q = readyQueue[n];
    while (!q.isEmpty()) {
      int t = q.peek();
      long[] need = demandOf(t);
      if (!resources.canStart(n, need)) {
        return; // first in, first out: later tasks wait behind it
      }
      q.poll();
      resources.start(n, need);
      changedSinceHeartbeat[n] = true;
      state[t] = RUNNING;
      events.schedule(now + g.durationNanos(t), FINISH, t);
      for (int c = edges.childStart(t); c < edges.childStart(t + 1); c++) {
        events.schedule(now, SUBMIT, edges.child(c));
      }
    }
  }

  private void finish(int t, long now) {
    int n = node[t];
    resources.release(n, demandOf(t));
    changedSinceHeartbeat[n] = true;
    state[t] = DONE;
    latencies[finished++] = now - submittedAt[t];
    makespan = Math.max(makespan, now);
    avgTaskMillis[n].add(g.durationNanos(t) / 1e6);
    traceHash = traceHash * 0x9E37_79B9_7F4A_7C15L + (((long) t * 1_000_003L + n) ^ now);
    for (int c = edges.consumerStart(t); c < edges.consumerStart(t + 1); c++) {
      int consumer = edges.consumer(c);
      if (--missingInputs[consumer] == 0) {
        if (state[consumer] == PLACED) {
          pullInputs(consumer, now);
        } else if (state[consumer] == AWAITING_INPUTS) {
          state[consumer] = TRAVELLING;
          events.schedule(now + cfg.latencyNanos(), AT_GLOBAL, consumer);
        }
      }
    }
    dispatch(n, now);
  }

  /** Takes every node's report; only nodes that changed since the last one are rebuilt. */
  private void heartbeat() {
    for (int n = 0; n < nodeCount; n++) {
      if (changedSinceHeartbeat[n] || lastViews[n] == null || lastViews[n].queueLength() != queueLength(n)) {
        lastViews[n] = view(n, 0);
        changedSinceHeartbeat[n] = false;
      }
    }
    if (viewList == null) {
      // A live view of the array: the scheduler's own updates between heartbeats show through.
      viewList = Collections.unmodifiableList(Arrays.asList(lastViews));
    }
  }

  private NodeView view(int n, long localInputBytes) {
    return new NodeView(nodeIds[n], cfg.nodeResources(), ResourceSet.of(resources.free(n)), queueLength(n),
        avgTaskMillis[n].get(), bandwidthBytesPerMs, localInputBytes);
  }

  // The views of the last heartbeat, with this task's local input bytes filled in.
  private List<NodeView> viewsFor(int t) {
    int k = g.inputCount(t);
    if (k == 0) {
      return viewList;
    }
    Map<Integer, Long> local = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      int producer = g.input(t, i);
      if (state[producer] == DONE) {
        local.merge(node[producer], g.outputBytes(producer), Long::sum);
      }
    }
    if (local.isEmpty()) {
      return viewList;
    }
    List<NodeView> views = new ArrayList<>(viewList);
    local.forEach((n, bytes) -> {
      NodeView v = views.get(n);
      views.set(n, new NodeView(v.id(), v.total(), v.available(), v.queueLength(),
          v.avgTaskMillis(), v.bandwidthBytesPerMs(), bytes));
    });
    return Collections.unmodifiableList(views);
  }

  private int queueLength(int n) {
    return placedCount[n] + readyQueue[n].size();
  }

  private long[] demandOf(int t) {
    return resources.demand(g.demand(t));
  }
}
