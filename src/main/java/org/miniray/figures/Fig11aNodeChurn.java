package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.task.ResourceSet;

/**
 * Paper figure 11a: the throughput of chains of tasks while nodes are removed and added. A
 * driver submits {@code chains} chains of tasks at once (each task takes the previous one's
 * result and sleeps a few milliseconds, so the figure measures the system, not this machine's
 * two cores); part way through, two nodes are killed, and later two new nodes join. Tasks whose
 * results died with a node are re-executed from lineage; the chart shows, per time bin, how many
 * tasks finished for the first time and how many were re-executions, as the paper's does.
 * Every chain's final value is checked.
 */
final class Fig11aNodeChurn implements Figure {
  private static final int NODES = 5;
  private static final int CPUS_PER_NODE = 2;
  private static final int TASK_MILLIS = 20;
  private static final long BIN_MILLIS = 250;
  /** Events closer than this in time are drawn as one line (the churn thread makes them back to back). */
  private static final double SAME_MOMENT_S = 0.05;
  /** Long enough that a node of a loaded machine is not declared dead by mistake (500 ms was not). */
  static final long HEARTBEAT_TIMEOUT_MS = 1_000;

  /** Runs of each task body by its label; a run that ends on a node already killed counts too. */
  private static final ConcurrentHashMap<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  /** Each finished run: {@code {System.nanoTime(), 1 if it was a re-execution else 0}}. */
  private static final ConcurrentLinkedQueue<long[]> FINISHED = new ConcurrentLinkedQueue<>();

  @Override
  public String id() {
    return "fig11a";
  }

  @Override
  public String paperFigure() {
    return "Fig. 11a (Ray OSDI'18): task throughput while nodes are removed and added";
  }

  /** One link of a chain: {@code previous + 1}, after {@code millis} of "work". */
  public static Integer link(Integer previous, String label, Integer millis) throws InterruptedException {
    Thread.sleep(millis);
    boolean again = RUNS.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet() > 1;
    FINISHED.add(new long[] {System.nanoTime(), again ? 1 : 0});
    return previous + 1;
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    RUNS.clear();
    FINISHED.clear();
    int chains = 2 * NODES * CPUS_PER_NODE;
    // Sized so that the run lasts about as long as the timeline at full speed.
    double seconds = quick ? 5 : 16;
    int length = (int) Math.ceil(seconds * NODES * CPUS_PER_NODE * 1000.0 / TASK_MILLIS * 0.6 / chains);
    long[] killAt = quick ? new long[] {1_500, 1_500} : new long[] {4_000, 6_000};
    long addAt = quick ? 3_000 : 10_000;

    Ray.init(Map.of("miniray.nodes", Integer.toString(NODES),
        "miniray.node.resources", "CPU=" + CPUS_PER_NODE,
        "miniray.heartbeat.interval.ms", "50",
        "miniray.heartbeat.timeout.ms", Long.toString(HEARTBEAT_TIMEOUT_MS),
        "miniray.events.enabled", "false"));
    List<String> events = new ArrayList<>();
    List<Double> eventTimes = new ArrayList<>();
    long start;
    List<Integer> finals;
    try {
      EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
      start = System.nanoTime();
      Thread churn = new Thread(() -> {
        try {
          for (int k = 0; k < killAt.length; k++) {
            sleepUntil(start, killAt[k]);
            int victim = NODES - 1 - k; // never node 0, the driver's
            cluster.faults().kill(victim);
            record(events, eventTimes, start, "node-" + victim + " killed");
          }
          sleepUntil(start, addAt);
          for (int k = 0; k < killAt.length; k++) {
            String id = cluster.addNode(ResourceSet.of(ResourceSet.CPU, CPUS_PER_NODE)).id().value();
            record(events, eventTimes, start, id + " added");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "fig11a-churn");
      churn.start();
      List<ObjectRef<Integer>> tails = new ArrayList<>();
      for (int c = 0; c < chains; c++) {
        tails.add(Ray.task(Fig11aNodeChurn::link, 0, c + ".0", TASK_MILLIS).remote());
      }
      for (int step = 1; step < length; step++) {
        for (int c = 0; c < chains; c++) {
          tails.set(c, Ray.task(Fig11aNodeChurn::link, tails.get(c), c + "." + step, TASK_MILLIS).remote());
        }
      }
      finals = Ray.get(tails, 600_000);
      churn.join();
    } finally {
      Ray.shutdown();
    }
    for (int i = 0; i < finals.size(); i++) {
      if (finals.get(i) != length) {
        throw new IllegalStateException("chain " + i + " ended at " + finals.get(i) + ", not " + length
            + ": a re-execution changed a result");
      }
    }

    // Bins of first runs and re-executions, in tasks per second.
    long end = FINISHED.stream().mapToLong(f -> f[0]).max().orElse(start);
    int bins = (int) ((end - start) / TimeUnit.MILLISECONDS.toNanos(BIN_MILLIS)) + 1;
    long[] original = new long[bins];
    long[] again = new long[bins];
    for (long[] f : FINISHED) {
      int b = (int) ((f[0] - start) / TimeUnit.MILLISECONDS.toNanos(BIN_MILLIS));
      if (f[1] == 1) {
        again[b]++;
      } else {
        original[b]++;
      }
    }
    double perSecond = 1000.0 / BIN_MILLIS;
    List<Double> t = new ArrayList<>();
    List<Double> firstRate = new ArrayList<>();
    List<Double> againRate = new ArrayList<>();
    Csv csv = new Csv("time_s", "original_tasks_per_s", "reexecuted_tasks_per_s")
        .note(String.format(Locale.ROOT, "measured: embedded cluster of %d nodes x %d CPUs; %d chains of %d tasks"
            + " (each sleeps %d ms and takes the previous result), all submitted at the start; bins of %d ms; "
            + "heartbeat timeout %d ms", NODES, CPUS_PER_NODE, chains, length, TASK_MILLIS, BIN_MILLIS,
            HEARTBEAT_TIMEOUT_MS))
        .note("events: " + String.join("; ", events));
    long reexecuted = 0;
    for (int b = 0; b < bins; b++) {
      double at = b * BIN_MILLIS / 1000.0;
      t.add(at);
      firstRate.add(original[b] * perSecond);
      againRate.add(again[b] * perSecond);
      reexecuted += again[b];
      csv.row(at, original[b] * perSecond, again[b] * perSecond);
    }
    csv.write(out.resolve("fig11a.csv"));

    double top = 0;
    for (int b = 0; b < bins; b++) {
      top = Math.max(top, firstRate.get(b) + againRate.get(b));
    }
    Chart chart = Chart.lines(paperFigure(), "time since start, s", "tasks finished per second");
    // Nodes killed (or added) together would draw one line over another and hide it: one line each group.
    for (int i = 0; i < events.size(); ) {
      int j = i + 1;
      while (j < events.size() && eventTimes.get(j) - eventTimes.get(i) < SAME_MOMENT_S) {
        j++;
      }
      XYSeries line = chart.series(String.join("; ", events.subList(i, j)),
          List.of(eventTimes.get(i), eventTimes.get(i)), List.of(0.0, top));
      line.setMarker(SeriesMarkers.NONE);
      line.setLineStyle(events.get(i).contains(" killed") ? SeriesLines.DASH_DASH : SeriesLines.DOT_DOT);
      i = j;
    }
    chart.series("original tasks", t, firstRate).setMarker(SeriesMarkers.NONE);
    chart.series("re-executed tasks", t, againRate).setMarker(SeriesMarkers.NONE);
    chart.notes(String.format(Locale.ROOT, "%d chains x %d tasks of %d ms on %d nodes x %d CPUs (embedded);"
            + " %d re-executions; every chain's result checked", chains, length, TASK_MILLIS, NODES, CPUS_PER_NODE,
        reexecuted));
    chart.save(out.resolve("fig11a.png"));
    System.out.printf(Locale.ROOT, "  fig11a %d tasks in %.1f s, %d re-executed; %s%n", chains * length,
        (end - start) / 1e9, reexecuted, String.join("; ", events));
  }

  private static void sleepUntil(long start, long millis) throws InterruptedException {
    long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
    TimeUnit.NANOSECONDS.sleep(Math.max(0, wait));
  }

  private static synchronized void record(List<String> events, List<Double> times, long start, String what) {
    double at = (System.nanoTime() - start) / 1e9;
    events.add(String.format(Locale.ROOT, "%s at %.2f s", what, at));
    times.add(at);
  }
}
