package org.miniray.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.miniray.events.Event;
import org.miniray.fault.DeterministicReplayPropertyTest.Dag;
import org.miniray.fault.DeterministicReplayPropertyTest.Kill;
import org.miniray.fault.DeterministicReplayPropertyTest.Shape;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.TaskTableLineageReplayer;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * Lab 3's deterministic mode: a {@link Dag} run by one thread on a virtual clock, against the
 * real {@link TaskTableLineageReplayer} and a real in-memory GCS, so that a seed replays the
 * very same run (every placement, duration, kill and question to the replayer), which a
 * cluster of threads on wall-clock time cannot promise.
 *
 * <p>What it models is what the replayer sees: the GCS tables, written as a node would write
 * them (a task {@code SUBMITTED} by the driver on node-0, {@code FORWARDED} to the global
 * scheduler, {@code SCHEDULED} and {@code RUNNING} on a worker, {@code FINISHED} with its
 * result's location; a pulled copy adds a location), and the moments a node asks it about an
 * object, which are {@code ObjectFetch}'s: a fetch that finds no live copy while some node is
 * dead asks, when it starts and again at every death. Node-0 holds the driver, runs no task and
 * never dies; the workers run two tasks at a time. A kill stops a worker at once (its queued and
 * running tasks and its store are gone); the node monitor declares it dead {@link #DETECT} later
 * (node table first, then its copies), as the real monitor does after its timeout. The global
 * scheduler is a stand-in whose {@code schedule} puts the placement on the agenda; it places
 * at random (the cluster graders' policy) among the nodes the node table says live, so a task
 * can land on a stopped node before its death is declared, and is lost there.
 *
 * <p>On a DAG's unreliable network ({@link SimNetwork}) placements, a result's task-table row and
 * location notice, pulls and asks to the replayer are also delayed and dropped, a drop sent
 * again by its sender after a back-off; a placement that reaches a stopped node is a loss.
 *
 * <p>The replayer runs on its own thread, as always; the loop waits for each answer
 * ({@code reconstruct(id).get()}), so nothing runs concurrently with the loop and its
 * {@code rerun} lands on the agenda before the loop goes on. Ties in virtual time go by the order
 * steps were put on the agenda, and every choice comes from one {@link Random} seeded by the
 * DAG's seed.
 */
final class LineageSimulation {
  static final int WORKERS = 3;
  static final int SLOTS = 2;
  private static final long MS = 1_000_000L;
  /** From a kill to the node monitor declaring the node dead. */
  static final long DETECT = 5 * MS;
  private static final long PLACE = MS / 10;
  private static final long TRANSFER = MS / 2;
  private static final long PULL_RETRY = MS;
  private static final int MAX_STEPS = 200_000;
  private static final long ANSWER_SECONDS = 10;
  private static final NodeId DRIVER_NODE = new NodeId("node-0");
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final FunctionDescriptor TASK = new FunctionDescriptor(DeterministicReplayPropertyTest.class.getName(),
      "two", "(JJJLjava/lang/String;)J", FunctionDescriptor.Kind.STATIC);

  /** A copy in a store: a task's value, or the error that took its place. */
  record Value(long value, String error) {}

  /**
   * What the run did.
   *
   * @param got what the driver's {@code get} of each task's result returned, null where it never did
   * @param runs how often each task started
   * @param losses how often each task's work was lost: queued or running on a killed node, placed
   *     on one, or its result's every copy on killed nodes
   * @param rows each task's task-table row at the end
   * @param events the run's events, in the order they happened
   * @param endedMillis the virtual time of the last step
   * @param overran whether the run was cut off after {@code MAX_STEPS} steps (a replayer re-running in a loop)
   * @param delayed how many messages the network delayed
   * @param dropped how many sends the network dropped (each sent again after a back-off, or lost with its sender)
   */
  record Outcome(List<Value> got, int[] runs, int[] losses, List<String> rows, List<Event> events, double endedMillis,
      boolean overran, int delayed, int dropped) implements SimulatedRun {}

  private record Step(long at, long seq, Runnable action) {}

  private final Dag dag;
  private final long paceNanos;
  private final Random random;
  private final PriorityQueue<Step> agenda = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private final List<Event> events = new ArrayList<>();
  private final InMemoryGcs gcs = new InMemoryGcs(1, () -> now);
  private final Serializer serializer = new ForySerializer(new Allowlist());
  private final Map<NodeId, SimNode> nodes = new LinkedHashMap<>();
  private final Map<ObjectId, List<Fetch>> waiters = new LinkedHashMap<>();
  private final List<TaskSpec> specs = new ArrayList<>();
  private final Map<TaskId, Integer> index = new LinkedHashMap<>();
  private final int[] runs;
  private final int[] losses;
  private final Value[] got;
  private int nextKill;
  private long tokens;
  private LineageReplayer replayer;
  private final SimNetwork net;

  private LineageSimulation(Dag dag, long paceNanos) {
    this.dag = dag;
    this.paceNanos = paceNanos;
    this.random = new Random(dag.seed());
    int n = dag.tasks().size();
    runs = new int[n];
    losses = new int[n];
    got = new Value[n];
    net = new SimNetwork(dag.network(), random, this::at);
    for (int i = 0; i <= WORKERS; i++) {
      NodeId id = new NodeId("node-" + i);
      nodes.put(id, new SimNode(id));
      gcs.nodeTable().register(new NodeInfo(id, "virtual", ResourceSet.parse("CPU=" + (i == 0 ? 0 : SLOTS)))).join();
    }
  }

  /**
   * Runs {@code dag} to the end (every {@code get} answered, or nothing left to happen); the
   * driver submits a task every {@code paceMillis} of virtual time (0: all at once, between kills).
   */
  static Outcome run(Dag dag, double paceMillis) {
    LineageSimulation sim = new LineageSimulation(dag, (long) (paceMillis * MS));
    try (LineageReplayer replayer = new TaskTableLineageReplayer(sim.gcs, sim.new Placement(), sim.serializer,
        new VirtualTimeRecorder("global-scheduler", "miniray-lineage", sim.events, () -> sim.now))) {
      return sim.loop(replayer);
    } finally {
      sim.gcs.close();
    }
  }

  private Outcome loop(LineageReplayer r) {
    this.replayer = r;
    at(0, () -> driver(0));
    int steps = 0;
    while (!agenda.isEmpty() && steps++ < MAX_STEPS) {
      Step s = agenda.poll();
      now = s.at;
      s.action.run();
    }
    List<String> rows = new ArrayList<>();
    for (TaskSpec s : specs) {
      rows.add(gcs.taskTable().lookup(s.taskId()).join().map(e -> e.status() + (e.node() == null ? "" : " on "
          + e.node())).orElse("not in the task table"));
    }
    return new Outcome(Arrays.asList(got), runs, losses, rows, List.copyOf(events), now / 1e6,
        steps > MAX_STEPS, net.delayed(), net.dropped());
  }

  private void at(long delay, Runnable action) {
    synchronized (agenda) {
      agenda.add(new Step(now + delay, seq++, action));
    }
  }

  // The driver, on node-0: kills due before task i, then task i, then (after the last) a get of each result.
  private void driver(int i) {
    List<Kill> kills = dag.kills();
    while (nextKill < kills.size() && kills.get(nextKill).before() == i) {
      Kill k = kills.get(nextKill);
      if (k.settle() && i > 0 && !liveCopy(specs.get(i - 1).returnId())) {
        node(DRIVER_NODE).fetch(specs.get(i - 1).returnId(), false, v -> driver(i));
        return;
      }
      nextKill++;
      kill(victim(k));
    }
    if (i == dag.tasks().size()) {
      get(0);
      return;
    }
    submit(i);
    at(paceNanos, () -> driver(i + 1));
  }

  private void get(int i) {
    if (i < got.length) {
      node(DRIVER_NODE).fetch(specs.get(i).returnId(), true, v -> {
        got[i] = v;
        get(i + 1);
      });
    }
  }

  private void submit(int i) {
    Shape s = dag.tasks().get(i);
    List<TaskArg> args = new ArrayList<>();
    for (int input : new int[] {s.a(), s.b()}) {
      if (input >= 0) {
        args.add(new TaskArg.ByRef(specs.get(input).returnId()));
      }
    }
    TaskSpec spec = new TaskSpec(TaskId.forChild(DRIVER, i + 1), JOB, DRIVER, TaskKind.NORMAL, TASK, args,
        ResourceSet.parse("CPU=1"), "t" + i, DRIVER_NODE, null, null, 0, 10, 0);
    specs.add(spec);
    index.put(spec.taskId(), i);
    gcs.taskTable().add(spec).join();
    record(DRIVER_NODE, "driver", Event.Kind.TASK_SUBMITTED, spec, null, null, null);
    // The local scheduler's queue threshold is 0 (as in the cluster graders): every task goes to the global scheduler.
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.FORWARDED, null).join();
    record(DRIVER_NODE, "driver", Event.Kind.TASK_FORWARDED, spec, null, null, "queue threshold 0");
    new Placement().schedule(spec);
  }

  /** The global scheduler's stand-in: a placement on the agenda, at random among the nodes the node table says live. */
  private final class Placement implements GlobalScheduler {
    @Override
    public void schedule(TaskSpec spec) {
      at(PLACE, () -> place(spec));
    }

    @Override
    public List<TaskSpec> stop() {
      return List.of();
    }
  }

  private void place(TaskSpec spec) {
    int i = index.get(spec.taskId());
    List<NodeId> live = new ArrayList<>();
    for (NodeEntry e : gcs.nodeTable().all().join()) {
      if (e.alive() && !e.info().id().equals(DRIVER_NODE)) {
        live.add(e.info().id());
      }
    }
    if (live.isEmpty()) {
      return; // every worker is dead: the task waits forever, and the driver's get says so
    }
    SimNode to = node(live.get(random.nextInt(live.size())));
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.SCHEDULED, to.id).join();
    record(new NodeId("global-scheduler"), "scheduler", Event.Kind.TASK_SCHEDULED, spec, null, to.id.value(), "random");
    // A node stopped but not yet declared dead, or one that dies while the placement is on the way, loses it on arrival.
    net.send(0, () -> true, () -> to.up, () -> to.accept(i, ++tokens), () -> losses[i]++);
  }

  private NodeId victim(Kill k) {
    if (k.node() != Kill.HOLDER) {
      return new NodeId("node-" + k.node());
    }
    // The worker holding the only live copy of the latest result that has one; else the first live worker.
    for (int j = specs.size() - 1; j >= 0; j--) {
      List<SimNode> holders = holders(specs.get(j).returnId());
      if (holders.size() == 1) {
        return holders.get(0).id;
      }
    }
    return nodes.values().stream().filter(n -> n.up && !n.id.equals(DRIVER_NODE)).findFirst().orElseThrow().id;
  }

  private List<SimNode> holders(ObjectId id) {
    return nodes.values().stream().filter(n -> n.up && n.store.containsKey(id)).toList();
  }

  private void kill(NodeId victim) {
    SimNode n = node(victim);
    if (victim.equals(DRIVER_NODE) || !n.up) {
      throw new IllegalArgumentException("a run kills each worker at most once, never node-0 (the driver's): " + victim);
    }
    n.up = false;
    record(victim, "node", Event.Kind.NODE_DIED, null, null, null, "killed");
    for (Placed p : n.waiting) {
      losses[p.task]++;
    }
    for (Placed p : n.running.values()) {
      losses[p.task]++;
    }
    for (ObjectId o : n.store.keySet()) {
      if (holders(o).isEmpty() && index.containsKey(o.task())) {
        losses[index.get(o.task())]++;
      }
    }
    n.waiting.clear();
    n.running.clear();
    n.store.clear();
    for (Fetch f : List.copyOf(n.fetches.values())) {
      f.unsubscribe();
    }
    n.fetches.clear();
    at(DETECT, () -> declareDead(victim));
  }

  /** The node monitor's part: dead in the node table first, then its copies go; then every waiting fetch looks again. */
  private void declareDead(NodeId victim) {
    gcs.nodeTable().markDead(victim).join();
    gcs.objectTable().removeNode(victim).join();
    record(new NodeId("node-monitor"), "monitor", Event.Kind.NODE_DIED, null, null, victim.value(), "declared dead");
    for (SimNode n : nodes.values()) {
      for (Fetch f : List.copyOf(n.fetches.values())) {
        f.check();
      }
    }
  }

  private boolean liveCopy(ObjectId id) {
    return !holders(id).isEmpty();
  }

  private SimNode node(NodeId id) {
    return nodes.get(id);
  }

  private void appeared(ObjectId id) {
    for (Fetch f : List.copyOf(waiters.getOrDefault(id, List.of()))) {
      f.check();
    }
  }

  private record Placed(int task, long token, int slot) {}

  private final class SimNode {
    final NodeId id;
    boolean up = true;
    final Map<ObjectId, Value> store = new LinkedHashMap<>();
    final List<Placed> waiting = new ArrayList<>();
    final Map<Long, Placed> running = new LinkedHashMap<>();
    final Map<ObjectId, Fetch> fetches = new LinkedHashMap<>();

    SimNode(NodeId id) {
      this.id = id;
    }

    void accept(int task, long token) {
      waiting.add(new Placed(task, token, -1));
      for (TaskArg a : specs.get(task).args()) {
        ObjectId in = ((TaskArg.ByRef) a).id();
        if (!store.containsKey(in)) {
          fetch(in, true, v -> dispatch());
        }
      }
      dispatch();
    }

    /** Starts waiting tasks whose inputs are all here, while a slot is free. */
    void dispatch() {
      for (Placed p : List.copyOf(waiting)) {
        int slot = freeSlot();
        if (!up || slot < 0) {
          return;
        }
        if (specs.get(p.task).args().stream().allMatch(a -> store.containsKey(((TaskArg.ByRef) a).id()))) {
          waiting.remove(p);
          start(new Placed(p.task, p.token, slot));
        }
      }
    }

    private int freeSlot() {
      for (int s = 0; s < SLOTS; s++) {
        int slot = s;
        if (running.values().stream().noneMatch(p -> p.slot == slot)) {
          return s;
        }
      }
      return -1;
    }

    private void start(Placed p) {
      TaskSpec spec = specs.get(p.task);
      running.put(p.token, p);
      runs[p.task]++;
      gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.RUNNING, id).join();
      String thread = "worker-" + p.slot;
      record(id, thread, Event.Kind.TASK_STARTED, spec, null, null, null);
      Value result = compute(p.task);
      at((1 + random.nextInt(10)) * MS, () -> {
        if (!up || running.remove(p.token) == null) {
          return; // killed meanwhile: the run is lost
        }
        store.put(spec.returnId(), result);
        if (result.error() != null) {
          record(id, thread, Event.Kind.TASK_FAILED, spec, null, null, result.error());
        }
        record(id, thread, Event.Kind.TASK_FINISHED, spec, null, null, null);
        // The result's row and location notice go to the GCS over the network: late, or lost with a node that dies
        // before it sends a dropped notice again.
        net.send(0, () -> up, () -> true, () -> {
          gcs.taskTable().updateStatus(spec.taskId(), result.error() == null ? TaskStatus.FINISHED : TaskStatus.FAILED,
              id).join();
          gcs.objectTable().addLocation(spec.returnId(), id, 8).join();
          record(id, thread, Event.Kind.OBJECT_CREATED, null, spec.returnId(), null, null);
          appeared(spec.returnId());
        }, () -> {});
        dispatch();
      });
    }

    /** The task's value from the inputs in this store, or the first input's error (as a worker passes it on). */
    private Value compute(int task) {
      Shape s = dag.tasks().get(task);
      long[] in = new long[2];
      int k = 0;
      for (TaskArg a : specs.get(task).args()) {
        Value v = store.get(((TaskArg.ByRef) a).id());
        if (v.error() != null) {
          return v;
        }
        in[k++] = v.value();
      }
      return new Value(DeterministicReplayPropertyTest.mix(s.c(), in[0], in[1]), null);
    }

    /**
     * Brings {@code id} here ({@code bring}), or waits until a running node holds it (the driver
     * settling before a kill), then calls {@code then}.
     */
    void fetch(ObjectId id, boolean bring, Consumer<Value> then) {
      Fetch f = fetches.get(id);
      if (f == null || f.bring != bring) {
        f = new Fetch(this, id, bring);
        fetches.put(id, f);
        waiters.computeIfAbsent(id, x -> new ArrayList<>()).add(f);
      }
      f.then.add(then);
      f.check();
    }
  }

  /** One object awaited by one node: ObjectFetch's rules on the virtual clock. */
  private final class Fetch {
    final SimNode node;
    final ObjectId id;
    final boolean bring;
    final List<Consumer<Value>> then = new ArrayList<>();
    boolean pulling;
    boolean done;

    Fetch(SimNode node, ObjectId id, boolean bring) {
      this.node = node;
      this.id = id;
      this.bring = bring;
    }

    void check() {
      if (done || !node.up) {
        return;
      }
      Value local = node.store.get(id);
      if (local != null || !bring && liveCopy(id)) {
        complete(local);
        return;
      }
      Optional<ObjectEntry> entry = gcs.objectTable().lookup(id).join();
      List<NodeId> dead = gcs.nodeTable().all().join().stream().filter(e -> !e.alive()).map(e -> e.info().id()).toList();
      // Locations are a set without a fixed order: sorted, so the same seed pulls from the same node.
      Optional<NodeId> live = entry.stream().flatMap(e -> e.locations().stream())
          .filter(n -> !dead.contains(n) && !n.equals(node.id)).sorted((a, b) -> a.value().compareTo(b.value()))
          .findFirst();
      if (live.isPresent()) {
        if (bring && !pulling) {
          pull(live.get());
        }
      } else if (!dead.isEmpty()) {
        net.send(0, () -> node.up, () -> true, this::ask, () -> {}); // the replayer is on the GCS side, never killed
      }
    }

    private void pull(NodeId from) {
      pulling = true;
      // The request and the copy cross the network; whether the source still holds it is read on arrival.
      net.send(TRANSFER, () -> node.up, () -> true, () -> {
        pulling = false;
        if (done || !node.up) {
          return;
        }
        SimNode source = node(from);
        Value v = source.up ? source.store.get(id) : null;
        if (v == null) {
          at(PULL_RETRY, this::check); // the source stopped: look again after a pause
          return;
        }
        node.store.put(id, v);
        gcs.objectTable().addLocation(id, node.id, 8).join();
        record(node.id, "object-manager", Event.Kind.OBJECT_TRANSFERRED, null, id, from.value(), null);
        complete(v);
        appeared(id);
      }, () -> pulling = false);
    }

    private void ask() {
      if (done || !node.up) {
        return; // answered meanwhile, or the asking node died while the ask was on the way
      }
      SerializedObject answer;
      try {
        answer = replayer.reconstruct(id).get(ANSWER_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the lineage replayer", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("the lineage replayer did not answer about " + id + " within " + ANSWER_SECONDS
            + " s: " + e, e);
      }
      if (answer != null) {
        Value error = new Value(0, describe(answer));
        node.store.put(id, error); // not published, as ObjectFetch keeps it: the loss is this reader's news
        complete(error);
      }
    }

    void complete(Value v) {
      done = true;
      unsubscribe();
      node.fetches.remove(id, this);
      for (Consumer<Value> c : then) {
        c.accept(v);
      }
    }

    void unsubscribe() {
      List<Fetch> list = waiters.get(id);
      if (list != null) {
        list.remove(this);
      }
    }
  }

  private String describe(SerializedObject answer) {
    Object e = answer.isError() ? serializer.deserialize(answer) : null;
    return e instanceof TaskError t ? t.kind() + ": " + t.message()
        : "the replayer answered a value (" + answer.size() + " bytes) instead of null or an error";
  }

  private void record(NodeId node, String thread, Event.Kind kind, TaskSpec spec, ObjectId object, String peer,
      String detail) {
    events.add(new Event(now, node.value(), thread, kind, spec != null ? spec.taskId() : object != null ? object.task()
        : null, object, null, 0, peer, detail, spec));
  }
}
