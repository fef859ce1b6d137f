package org.miniray.figures;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.miniray.api.ActorHandle;
import org.miniray.api.CheckpointContext;
import org.miniray.api.Checkpointable;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.id.ActorId;
import org.miniray.runtime.ActorHandleImpl;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.runtime.MinirayRuntime;

/**
 * Paper figure 11b: an actor recovers from its node's death by replaying its method calls, and
 * checkpoints bound the replay. One actor ({@link Worker}, whose calls sleep a few milliseconds
 * and fold their argument into its state) takes a stream of calls from the driver; after a
 * fixed number of calls its node is killed; the actor restarts on another node and replays the
 * calls it had run since its latest checkpoint (all of them, without checkpoints), then goes on
 * with new calls. Run twice, with a checkpoint every {@value #CHECKPOINT_EVERY} calls and with
 * none; the chart shows calls finished per second in one panel per run (as the paper's), first
 * runs and replays apart, on the same axes; the CSV shows the recovery time (kill to the first
 * new call's result) and the number of replayed calls.
 * Every result is checked against the one a failure-free actor gives.
 */
final class Fig11bActorRecovery implements Figure {
  static final int CHECKPOINT_EVERY = 100;
  private static final int CALL_MILLIS = 3;
  private static final int WINDOW = 20;
  private static final long BIN_MILLIS = 100;

  /** Each finished call: {@code {System.nanoTime(), call index, 1 if a replay else 0}}. */
  private static final ConcurrentLinkedQueue<long[]> FINISHED = new ConcurrentLinkedQueue<>();
  /** Call indices that have run at least once, in any incarnation: a second run is a replay. */
  private static final Set<Integer> RAN = ConcurrentHashMap.newKeySet();

  @Override
  public String id() {
    return "fig11b";
  }

  @Override
  public String paperFigure() {
    return "Fig. 11b (Ray OSDI'18): actor recovery with and without checkpoints";
  }

  /** The actor: a running fold of its calls' arguments, checkpointed every {@code every} calls (0: never). */
  public static final class Worker implements Checkpointable {
    private final int every;
    private final int millis;
    private long state = 17;
    private int calls;

    public Worker(Integer every, Integer millis) {
      this.every = every;
      this.millis = millis;
    }

    /** Folds {@code i} into the state after {@code millis} of "work"; returns the new state. */
    public Long call(Integer i) throws InterruptedException {
      Thread.sleep(millis);
      boolean replay = !RAN.add(i);
      state = state * 31 + i;
      calls++;
      FINISHED.add(new long[] {System.nanoTime(), i, replay ? 1 : 0});
      return state;
    }

    @Override
    public boolean shouldCheckpoint(CheckpointContext context) {
      return every > 0 && context.callsSinceLastCheckpoint() >= every;
    }

    @Override
    public Object saveCheckpoint() {
      return new long[] {state, calls};
    }

    @Override
    public void loadCheckpoint(Object snapshot) {
      long[] s = (long[]) snapshot;
      state = s[0];
      calls = (int) s[1];
    }
  }

  /** What one run measured. */
  private record Run(String mode, int callsBeforeKill, int calls, double killAtS, double recoveryMs,
      long replayed, List<long[]> finished, long start) {}

  @Override
  public void run(Path out, boolean quick) throws Exception {
    // Not a multiple of CHECKPOINT_EVERY: the calls after the latest checkpoint replay.
    int callsBeforeKill = quick ? 430 : 1_550;
    int calls = callsBeforeKill + (quick ? 200 : 500);
    Map<String, Run> runs = new LinkedHashMap<>();
    runs.put("with checkpoints", measure("with checkpoints (every " + CHECKPOINT_EVERY + " calls)",
        CHECKPOINT_EVERY, callsBeforeKill, calls));
    runs.put("without checkpoints", measure("without checkpoints", 0, callsBeforeKill, calls));

    Csv summary = new Csv("mode", "calls_before_kill", "replayed_calls", "recovery_ms")
        .note(String.format(Locale.ROOT, "measured: one actor on an embedded 3-node cluster (it may live on node 1"
            + " or 2); calls of %d ms each, at most %d in flight; its node killed after %d calls; heartbeat timeout"
            + " %d ms (part of the recovery time); recovery = kill to the first result of a call not run before",
            CALL_MILLIS, WINDOW, callsBeforeKill, Fig11aNodeChurn.HEARTBEAT_TIMEOUT_MS));
    Csv series = new Csv("mode", "time_since_kill_s", "first_runs_per_s", "replays_per_s");
    // One panel per run, as the paper's figure: on one axis the two runs' spiky lines hide each other.
    List<Chart> panels = new ArrayList<>();
    double top = 0;
    double left = 0;
    double right = 0;
    for (Run r : runs.values()) {
      summary.row(r.mode(), r.callsBeforeKill(), r.replayed(), r.recoveryMs());
      long killNanos = r.start() + (long) (r.killAtS() * 1e9);
      long from = killNanos - TimeUnit.SECONDS.toNanos(1);
      long to = r.finished().stream().mapToLong(f -> f[0]).max().orElse(killNanos);
      int bins = (int) ((to - from) / TimeUnit.MILLISECONDS.toNanos(BIN_MILLIS)) + 1;
      long[] first = new long[bins];
      long[] replays = new long[bins];
      for (long[] f : r.finished()) {
        if (f[0] < from) {
          continue;
        }
        int b = (int) ((f[0] - from) / TimeUnit.MILLISECONDS.toNanos(BIN_MILLIS));
        if (f[2] == 1) {
          replays[b]++;
        } else {
          first[b]++;
        }
      }
      List<Double> t = new ArrayList<>();
      List<Double> firstRate = new ArrayList<>();
      List<Double> replayRate = new ArrayList<>();
      for (int b = 0; b < bins; b++) {
        double at = (from - killNanos) / 1e9 + b * BIN_MILLIS / 1000.0;
        t.add(at);
        firstRate.add(first[b] * 1000.0 / BIN_MILLIS);
        replayRate.add(replays[b] * 1000.0 / BIN_MILLIS);
        top = Math.max(top, firstRate.get(b) + replayRate.get(b));
        series.row(r.mode(), at, firstRate.get(b), replayRate.get(b));
      }
      left = Math.min(left, t.get(0));
      right = Math.max(right, t.get(t.size() - 1));
      Chart panel = Chart.lines(paperFigure() + ": " + r.mode(), "time since the kill, s",
          "actor calls finished per second");
      panel.series("first runs", t, firstRate).setMarker(SeriesMarkers.NONE);
      panel.series("replayed calls", t, replayRate).setMarker(SeriesMarkers.NONE);
      panel.notes(String.format(Locale.ROOT, "%d calls replayed, recovered %.0f ms after the kill", r.replayed(),
          r.recoveryMs()), String.format(Locale.ROOT, "one actor, calls of %d ms, node killed after %d calls; "
          + "detection %d ms", CALL_MILLIS, callsBeforeKill, Fig11aNodeChurn.HEARTBEAT_TIMEOUT_MS));
      panels.add(panel);
    }
    // The same axes in both panels, so that their heights and lengths compare at a glance.
    for (Chart panel : panels) {
      XYSeries kill = panel.series("node killed", List.of(0.0, 0.0), List.of(0.0, top));
      kill.setMarker(SeriesMarkers.NONE);
      kill.setLineStyle(SeriesLines.DASH_DASH);
      kill.setLineColor(Color.GRAY);
      panel.xchart().getStyler().setXAxisMin(left).setXAxisMax(right).setYAxisMin(0.0).setYAxisMax(top * 1.25);
    }
    summary.write(out.resolve("fig11b.csv"));
    series.write(out.resolve("fig11b-throughput.csv"));
    Chart.saveStacked(out.resolve("fig11b.png"), panels);
    for (Run r : runs.values()) {
      System.out.printf(Locale.ROOT, "  fig11b %s: %d calls replayed, recovered %.0f ms after the kill%n", r.mode(),
          r.replayed(), r.recoveryMs());
    }
  }

  private Run measure(String mode, int every, int callsBeforeKill, int calls) throws Exception {
    FINISHED.clear();
    RAN.clear();
    Ray.init(Map.of("miniray.nodes", "3", "miniray.node.0.resources", "CPU=2",
        "miniray.node.resources", "CPU=2,host=1",
        "miniray.heartbeat.interval.ms", "50",
        "miniray.heartbeat.timeout.ms", Long.toString(Fig11aNodeChurn.HEARTBEAT_TIMEOUT_MS),
        "miniray.events.enabled", "false"));
    try {
      EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
      ActorHandle<Worker> actor = Ray.actor(Worker::new, every, CALL_MILLIS).setResource("host", 1.0)
          .setMaxRestarts(1).remote();
      ActorId id = ((ActorHandleImpl<?>) actor).id();
      long expected = 17;
      long start = System.nanoTime();
      long killedAt = -1;
      long recoveredAt = -1;
      List<ObjectRef<Long>> window = new ArrayList<>();
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        if (i == callsBeforeKill) {
          // Everything issued so far has finished: the kill lands between two calls, as the paper's.
          ActorEntry home = cluster.gcs().actorTable().lookup(id).join().orElseThrow();
          if (home.state() != ActorState.ALIVE) {
            throw new IllegalStateException("the actor is " + home.state() + " before the kill");
          }
          killedAt = System.nanoTime();
          cluster.faults().kill(home.node());
        }
        window.add(actor.task(Worker::call, i).remote());
        indices.add(i);
        if (window.size() == WINDOW || i == callsBeforeKill - 1 || i == calls - 1) {
          List<Long> results = Ray.get(window, 120_000);
          for (int k = 0; k < results.size(); k++) {
            expected = expected * 31 + indices.get(k);
            if (results.get(k) != expected) {
              throw new IllegalStateException(mode + ": call " + indices.get(k) + " returned " + results.get(k)
                  + ", not " + expected + " as without the failure");
            }
          }
          if (killedAt >= 0 && recoveredAt < 0) {
            recoveredAt = firstNewResultAfter(callsBeforeKill);
          }
          window.clear();
          indices.clear();
        }
      }
      List<long[]> finished = new ArrayList<>(FINISHED);
      long replayed = finished.stream().filter(f -> f[2] == 1).count();
      return new Run(mode, callsBeforeKill, calls, (killedAt - start) / 1e9, (recoveredAt - killedAt) / 1e6,
          replayed, finished, start);
    } finally {
      Ray.shutdown();
    }
  }

  /** When the first call with index {@code >= first} finished (it finishes only after the replay). */
  private static long firstNewResultAfter(int first) {
    return FINISHED.stream().filter(f -> f[1] >= first).mapToLong(f -> f[0]).min()
        .orElseThrow(() -> new IllegalStateException("no call after the kill has finished"));
  }
}
