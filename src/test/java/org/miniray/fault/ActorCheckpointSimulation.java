package org.miniray.fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.miniray.actor.ActorCheckpoint;
import org.miniray.actor.ActorRecovery;
import org.miniray.actor.CheckpointStore;
import org.miniray.actor.GcsCheckpointStore;
import org.miniray.actor.SerialActorHost;
import org.miniray.events.Event;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * Lab 4's deterministic mode: one restartable {@link Tally} actor called by one driver, run by
 * one thread on a virtual clock against the real {@link SerialActorHost} and {@link ActorRecovery}
 * (the student's {@code restore} and {@code maybeCheckpoint}) and a real in-memory GCS, so that a
 * seed replays the very same run: every message delay and drop, call duration, result transfer,
 * kill and restart. A cluster of threads on wall-clock time cannot promise that.
 *
 * <p>What it models is what the host and the journal see. The driver on node-0 sends call
 * {@code i} (sequence number {@code i}) to the actor's node after a random delay, so calls may
 * arrive out of order and the host must order them; it waits for the result of the calls marked
 * awaited, and goes on at once after the others; as {@code ActorRouter} does, it keeps every call
 * whose result it does not hold and sends those again to a restarted actor (a call that arrives
 * at a dead node is lost). The host records each call it admits in the task table and
 * logs it (write-ahead) as in a cluster; its lane is a queue that runs one call at a time, each
 * taking 0.2 to 2 ms. A result is pushed to the driver after a random transfer time (at times a
 * long one, so a checkpoint waits for it), and is lost if its node dies first; the driver keeping
 * it is {@code resultKept}. A kill stops the actor's node at once (its queued calls and its
 * results not yet sent are gone, and its host closes, as a dying node's does); the supervisor
 * builds the actor again on a fresh node {@link #DETECT} later, where the host restores it from
 * the GCS and replays, and the driver sends its kept calls again. On a schedule's unreliable
 * network ({@link SimNetwork}) calls, resends and results are also delayed and dropped, a drop
 * sent again by its sender after a back-off. Left out: object arguments (a call's inputs are
 * always local), duplicated messages, a GCS that refuses a write, and a cluster's threads (the
 * ungraded {@code CheckpointRestorePropertyTest#lab4Grader} runs on a real faulty transport).
 *
 * <p>Ties in virtual time go by the order steps were put on the agenda, and every choice comes
 * from one {@link Random} seeded by the schedule's seed.
 */
final class ActorCheckpointSimulation {
  private static final long MS = 1_000_000L;
  /** From a kill to the actor's restart on a fresh node (the node monitor's timeout, then placement). */
  static final long DETECT = 5 * MS;
  private static final int MAX_STEPS = 200_000;
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final NodeId DRIVER_NODE = new NodeId("node-0");
  private static final ActorId ACTOR = new ActorId(TaskId.forChild(DRIVER, 1));
  private static final FunctionDescriptor ADD =
      new FunctionDescriptor(Tally.class.getName(), "add", "(I)I", FunctionDescriptor.Kind.INSTANCE);

  /**
   * A kill of the actor's node.
   *
   * @param before the driver's call index at which it happens (the calls' count: after the last)
   * @param delayMicros how long after the driver reaches that call (or, if the actor is restarting
   *     then, after the restart)
   */
  record Kill(int before, int delayMicros) {}

  /**
   * What one run does: the calls, the checkpoint policy, the kills and the seed of every other choice.
   *
   * @param every the actor checkpoints after this many calls (0: never)
   * @param xs what each call adds
   * @param awaited which calls the driver waits for before it sends the next
   * @param network 0 clean, 1 delays, 2 delays and drops ({@link SimNetwork})
   */
  record Schedule(long seed, int every, List<Integer> xs, List<Boolean> awaited, List<Kill> kills, int network) {
    /** A schedule on a clean network. */
    Schedule(long seed, int every, List<Integer> xs, List<Boolean> awaited, List<Kill> kills) {
      this(seed, every, xs, awaited, kills, 0);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("seed=" + seed + (network == 0 ? "" : " network=" + SimNetwork.describe(network))
          + " checkpoint every " + every + " calls=[");
      for (int i = 0; i <= xs.size(); i++) {
        for (Kill k : kills) {
          if (k.before() == i) {
            s.append(" KILL(+").append(k.delayMicros()).append("us)");
          }
        }
        if (i < xs.size()) {
          s.append(' ').append(xs.get(i)).append(awaited.get(i) ? "!" : "");
        }
      }
      return s.append(" ]").toString();
    }
  }

  /**
   * What the run did.
   *
   * @param got what the driver got for each call (the first copy of its result to reach it), null where none did
   * @param history the actor's history at the end (null if it is dead)
   * @param sum the actor's sum at the end
   * @param runs how often each call ran
   * @param replayable for each call, at how many restarts it was not covered by the checkpoint restored
   *     (a call may run once more per such restart, no more)
   * @param restarts what each restart found in the GCS: the checkpoint and the log
   * @param death why the actor could not be built (restore threw), or null
   * @param delayed how many messages the network delayed
   * @param dropped how many sends the network dropped (each sent again after a back-off, or lost with its sender)
   */
  record Outcome(List<Integer> got, List<Integer> history, int sum, int[] runs, int[] replayable,
      List<String> restarts, String death, List<Event> events, double endedMillis, boolean overran, int delayed,
      int dropped) implements SimulatedRun {}

  private record Step(long at, long seq, Runnable action) {}

  private final Schedule schedule;
  private final Random random;
  private final PriorityQueue<Step> agenda = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private final List<Event> events = new ArrayList<>();
  private final InMemoryGcs gcs = new InMemoryGcs(1, () -> now);
  private final CheckpointStore store = new GcsCheckpointStore(gcs.checkpointTable());
  private final ForySerializer serializer = new ForySerializer(new Allowlist().allowPackageOf(Tally.class));
  private final TaskSpec creation;
  private final List<TaskSpec> calls = new ArrayList<>();
  private final Map<TaskId, Integer> index = new HashMap<>();
  private final Map<TaskId, CompletableFuture<Void>> kept = new HashMap<>();
  /** The driver's router: calls sent whose result the driver does not hold yet. */
  private final TreeSet<Integer> tracked = new TreeSet<>();
  private final Integer[] got;
  private final int[] runs;
  private final int[] replayable;
  private final List<String> restarts = new ArrayList<>();
  private final List<Kill> pendingKills = new ArrayList<>();
  private Incarnation actor;
  private int incarnations;
  private int nextKill;
  private int awaiting = -1;
  private String death;
  private final SimNetwork net;

  private ActorCheckpointSimulation(Schedule schedule) {
    this.schedule = schedule;
    this.random = new Random(schedule.seed());
    this.net = new SimNetwork(schedule.network(), random, this::at);
    int n = schedule.xs().size();
    got = new Integer[n];
    runs = new int[n];
    replayable = new int[n];
    creation = new TaskSpec(ACTOR.creationTask(), JOB, DRIVER, TaskKind.ACTOR_CREATION,
        new FunctionDescriptor(Tally.class.getName(), "<init>", "(Ljava/lang/String;I)V",
            FunctionDescriptor.Kind.CONSTRUCTOR), List.of(), ResourceSet.EMPTY, "Tally", DRIVER_NODE, ACTOR, null, 0, 0,
        schedule.kills().size());
    for (int i = 0; i < n; i++) {
      TaskSpec call = new TaskSpec(TaskId.forChild(DRIVER, i + 2), JOB, DRIVER, TaskKind.ACTOR_METHOD, ADD, List.of(),
          ResourceSet.EMPTY, "add(" + schedule.xs().get(i) + ") #" + i, DRIVER_NODE, ACTOR, DRIVER, i, 0, 0);
      calls.add(call);
      index.put(call.taskId(), i);
    }
  }

  /** Runs {@code schedule} to the end: every result at the driver, or nothing left to happen. */
  static Outcome run(Schedule schedule) {
    ActorCheckpointSimulation sim = new ActorCheckpointSimulation(schedule);
    try {
      return sim.loop();
    } finally {
      sim.gcs.close();
    }
  }

  private Outcome loop() {
    gcs.taskTable().add(creation).join();
    record(DRIVER_NODE, Event.Kind.TASK_SUBMITTED, creation, null, null);
    at(0, () -> build(null));
    at(0, () -> driver(0));
    int steps = 0;
    while (!agenda.isEmpty() && steps++ < MAX_STEPS) {
      Step s = agenda.poll();
      now = s.at;
      s.action.run();
    }
    Tally last = actor != null && actor.up ? actor.instance : null;
    return new Outcome(Arrays.asList(got), last == null ? null : last.history(), last == null ? 0 : last.sum(), runs,
        replayable, List.copyOf(restarts), death, List.copyOf(events), now / 1e6, steps > MAX_STEPS, net.delayed(),
        net.dropped());
  }

  private void at(long delay, Runnable action) {
    agenda.add(new Step(now + delay, seq++, action));
  }

  private long between(double fromMillis, double toMillis) {
    return (long) ((fromMillis + random.nextDouble() * (toMillis - fromMillis)) * MS);
  }

  // --- the driver and its router ---------------------------------------------------------------

  private void driver(int i) {
    while (nextKill < schedule.kills().size() && schedule.kills().get(nextKill).before() == i) {
      Kill k = schedule.kills().get(nextKill++);
      at(k.delayMicros() * 1_000L, () -> kill(k));
    }
    if (i == calls.size()) {
      return;
    }
    tracked.add(i);
    record(DRIVER_NODE, Event.Kind.TASK_SUBMITTED, calls.get(i), null, null);
    send(i);
    if (schedule.awaited().get(i) && got[i] == null) {
      awaiting = i; // the driver's get: it goes on when the result arrives
    } else {
      at(between(0, 1), () -> driver(i + 1));
    }
  }

  /** The call leaves the driver; it reaches the actor's node after a random delay, or is lost with it. */
  private void send(int i) {
    Incarnation to = actor;
    if (to == null || !to.up) {
      return; // restarting: the router sends it again to the restarted actor
    }
    net.send(between(0.05, 2), () -> true, () -> to.up, () -> to.host.submit(calls.get(i)), () -> {});
  }

  /** A copy of call {@code i}'s result reaches the driver. */
  private void arrived(int i, int value, NodeId from) {
    record(DRIVER_NODE, Event.Kind.OBJECT_TRANSFERRED, calls.get(i), from.value(), null);
    tracked.remove(i);
    if (got[i] == null) {
      got[i] = value;
    }
    kept.computeIfAbsent(calls.get(i).taskId(), id -> new CompletableFuture<>()).complete(null);
    if (awaiting == i) {
      awaiting = -1;
      at(between(0, 1), () -> driver(i + 1));
    }
  }

  // --- the actor's node, its host and lane ----------------------------------------------------

  /** One life of the actor: its node, host, lane and instance. */
  private final class Incarnation implements Executor {
    final NodeId node;
    final Tally instance;
    final SerialActorHost host;
    final ArrayDeque<Runnable> lane = new ArrayDeque<>();
    boolean busy;
    boolean up = true;

    Incarnation(NodeId node) {
      this.node = node;
      this.instance = new Tally("deterministic", schedule.every());
      VirtualTimeRecorder recorder = new VirtualTimeRecorder(node.value(), "actor-lane", events, () -> now);
      ActorRecovery recovery = new ActorRecovery(store, gcs.taskTable(), serializer,
          call -> kept.computeIfAbsent(call.taskId(), id -> new CompletableFuture<>()), () -> now, recorder);
      this.host = new SerialActorHost(node.value(), n -> this, new SerialActorHost.Calls(
          call -> CompletableFuture.completedFuture(null), this::runCall,
          (call, error) -> record(node, Event.Kind.TASK_FAILED, call, null, error.message()),
          call -> gcs.taskTable().add(call)), recovery);
    }

    /** The lane: one call at a time, in the order queued, each taking a random time. */
    @Override
    public void execute(Runnable call) {
      lane.add(call);
      pump();
    }

    private void pump() {
      if (busy || lane.isEmpty() || !up) {
        return;
      }
      busy = true;
      Runnable next = lane.poll();
      at(between(0.2, 2), () -> {
        if (!up) {
          return; // the node died while the call ran: its effect is lost with the instance
        }
        next.run();
        busy = false;
        pump();
      });
    }

    private void runCall(TaskSpec call, Object on) {
      int i = index.get(call.taskId());
      runs[i]++;
      record(node, Event.Kind.TASK_STARTED, call, null, runs[i] > 1 ? "run " + runs[i] : null);
      int value = ((Tally) on).add(schedule.xs().get(i));
      record(node, Event.Kind.TASK_FINISHED, call, null, null);
      record(node, Event.Kind.OBJECT_CREATED, call, null, null);
      // Pushed to the caller; now and then slowly, so that a checkpoint waits for it.
      long transfer = random.nextInt(4) == 0 ? between(5, 30) : between(0.1, 2);
      // A result not yet at the driver when its node dies is gone with the node's object store.
      net.send(transfer, () -> up, () -> up, () -> arrived(i, value, node), () -> {});
    }
  }

  /** Builds the actor on a fresh node: the first time, or after {@code killed} died. */
  private void build(Incarnation killed) {
    NodeId node = new NodeId("node-" + ++incarnations);
    Incarnation next = new Incarnation(node);
    if (killed != null) {
      noteCoverage();
    }
    record(node, killed == null ? Event.Kind.ACTOR_CREATED : Event.Kind.ACTOR_RESTARTED, creation, null,
        killed == null ? null : "after " + killed.node + " died");
    try {
      next.host.register(creation, next.instance, () -> {});
    } catch (RuntimeException e) {
      death = e.toString();
      record(node, Event.Kind.TASK_FAILED, creation, null, "the actor could not be built: " + e);
      return;
    }
    actor = next;
    for (int i : List.copyOf(tracked)) {
      send(i); // the router sends its kept calls again; the host drops those it has run or replayed
    }
    for (Kill k : List.copyOf(pendingKills)) {
      pendingKills.remove(k);
      at(k.delayMicros() * 1_000L, () -> kill(k));
    }
  }

  /**
   * What a restart may replay, read from the GCS as it stands (not from the student's code):
   * every logged call at or after the latest checkpoint's count, and every call not logged.
   */
  private void noteCoverage() {
    Optional<ActorCheckpoint> cp = store.latestCheckpoint(JOB, ACTOR).join();
    long covered = cp.map(ActorCheckpoint::callsCovered).orElse(0L);
    boolean[] coveredCall = new boolean[calls.size()];
    int logged = 0;
    for (long k = 0; ; k++) {
      Optional<TaskId> call = store.loggedCall(JOB, ACTOR, k).join();
      if (call.isEmpty()) {
        break;
      }
      logged++;
      if (k < covered) {
        coveredCall[index.get(call.get())] = true;
      }
    }
    for (int i = 0; i < calls.size(); i++) {
      replayable[i] += coveredCall[i] ? 0 : 1;
    }
    restarts.add("restart " + restarts.size() + " at " + String.format("%.3f", now / 1e6) + " ms: "
        + (cp.isPresent() ? "a checkpoint covering " + covered + " calls" : "no checkpoint") + ", " + logged
        + " calls logged");
  }

  private void kill(Kill k) {
    Incarnation victim = actor;
    if (victim == null || !victim.up) {
      pendingKills.add(k); // the actor is restarting: kill it once it is back, as the cluster grader waits
      return;
    }
    if (death != null) {
      return;
    }
    victim.up = false;
    victim.lane.clear();
    victim.host.close(); // as a dying node's host: its journals close, so nothing more is logged or saved
    record(victim.node, Event.Kind.NODE_DIED, null, null, "killed");
    at(DETECT, () -> build(victim));
  }

  // --- events --------------------------------------------------------------------------------

  private void record(NodeId node, Event.Kind kind, TaskSpec spec, String peer, String detail) {
    events.add(new Event(now, node.value(), "sim", kind, spec == null ? null : spec.taskId(),
        kind == Event.Kind.OBJECT_CREATED || kind == Event.Kind.OBJECT_TRANSFERRED ? spec.returnId() : null,
        spec == null ? null : spec.actorId(), 0, peer, detail, spec));
  }
}
