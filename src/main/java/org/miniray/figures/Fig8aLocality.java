package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.style.lines.SeriesLines;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.bench.ClusterBenchCluster;
import org.miniray.node.TaskContext;

/**
 * Paper figure 8a: a task whose input is large runs sooner when the scheduler places it where
 * the input already is. A real cluster of three processes on loopback (a head and two worker
 * nodes, started with the {@code miniray} command line; this JVM is the driver), restarted for
 * each global scheduling policy: {@code locality} (the node holding the most input bytes) and
 * {@code random}.
 *
 * <p>Each round: a task pinned to the first worker (custom resource {@code far}) makes an object
 * of S bytes, and a second pinned task reads it there, so the object exists before the clock
 * starts. Then the driver submits a consumer that needs the resource {@value #WORKER}, which
 * both workers offer and the head does not, and waits for its small reply: the latency is
 * submit to get. The driver's tasks enter at the head's local scheduler, which keeps any task
 * it can run (the bottom-up rule); a consumer the head could run would never reach the policy
 * under test, so the head cannot run it and forwards it to the global scheduler, as in the
 * paper's setup where the driver's node is not where the work goes. The consumer reports where
 * it ran, so the CSV shows how often the input had to cross between the processes.
 */
final class Fig8aLocality implements Figure {
  static final List<String> POLICIES = List.of("locality", "random");
  /** The resource both worker nodes offer and the head lacks: a consumer needing it goes to the global scheduler. */
  static final String WORKER = "worker";
  /** The worker nodes' resources: the first also offers {@code far}, where the input is made. */
  static final List<String> WORKER_NODES = List.of(
      "{\"" + ClusterBenchCluster.FAR + "\": 1, \"" + WORKER + "\": 1}", "{\"" + WORKER + "\": 1}");

  @Override
  public String id() {
    return "fig8a";
  }

  @Override
  public String paperFigure() {
    return "Fig. 8a (Ray OSDI'18): task latency vs input size, locality-aware placement on a 2-node cluster";
  }

  /** The remote functions (a public class, so a node process can call them). */
  public static final class Tasks {
    private Tasks() {}

    /** Makes the input where it runs: sparse, so making it costs little and the bytes still all travel. */
    public static byte[] makeInput(int size) {
      byte[] b = new byte[size];
      for (int i = 0; i < size; i += 4096) {
        b[i] = (byte) (i >>> 12);
      }
      b[size - 1] = 1;
      return b;
    }

    /** Where this task runs: the id of its node. */
    public static String where(byte[] input) {
      return TaskContext.current().node().id().value() + "|" + input.length;
    }
  }

  /**
   * One policy's measurements at one size: each round's latency, and whether its consumer ran on
   * the node that made the input ({@code besideInput[i]} belongs to {@code latenciesMs[i]}).
   */
  record Point(String policy, int bytes, double[] latenciesMs, boolean[] besideInput) {
    Point {
      if (latenciesMs.length != besideInput.length || latenciesMs.length == 0) {
        throw new IllegalArgumentException("a point needs one placement per latency and at least one round, got "
            + latenciesMs.length + " latencies and " + besideInput.length + " placements");
      }
    }

    /** Rounds whose consumer ran beside its input. */
    int local() {
      int n = 0;
      for (boolean b : besideInput) {
        n += b ? 1 : 0;
      }
      return n;
    }

    double median() {
      return median(latenciesMs);
    }

    double mean() {
      return Arrays.stream(latenciesMs).average().orElse(Double.NaN);
    }

    /** The median of the rounds whose consumer ran beside its input ({@code true}) or across; NaN if none. */
    double median(boolean beside) {
      double[] picked = new double[latenciesMs.length];
      int n = 0;
      for (int i = 0; i < latenciesMs.length; i++) {
        if (besideInput[i] == beside) {
          picked[n++] = latenciesMs[i];
        }
      }
      return n == 0 ? Double.NaN : median(Arrays.copyOf(picked, n));
    }

    private static double median(double[] values) {
      double[] s = values.clone();
      Arrays.sort(s);
      return s.length % 2 == 0 ? (s[s.length / 2 - 1] + s[s.length / 2]) / 2 : s[s.length / 2];
    }
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    // Quick keeps one size where locality matters (10 MB): below about 10 MB a loopback transfer
    // costs less than the round's other noise, so two small sizes alone would show nothing.
    List<Integer> sizes = quick ? List.of(100_000, 10_000_000)
        : List.of(100_000, 300_000, 1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000);
    // random sends about half the consumers across, so its mean needs more rounds than a median would.
    int rounds = quick ? 5 : 15;
    int warmups = quick ? 2 : 1;
    // A fresh cluster's JVMs are cold, and so is this driver for the first policy: with 2 warm-up
    // rounds, quick mode measured locality (run first) at 39 ms beside its input against random's
    // 19 ms beside its input. A round costs milliseconds; warming up costs a second at most.
    int clusterWarmups = 20;
    List<Point> points = new ArrayList<>();
    for (String policy : POLICIES) {
      ClusterBenchCluster cluster = new ClusterBenchCluster(Map.of(), List.of("--policy", policy), WORKER_NODES);
      long startedAt = System.nanoTime();
      cluster.start();
      // Most of a quick run is these three JVMs starting: say so, so that a slow run can be read.
      System.out.printf("  fig8a %-9s cluster of 3 processes up in %.1f s%n", policy,
          (System.nanoTime() - startedAt) / 1e9);
      try {
        for (int i = 0; i < clusterWarmups; i++) {
          round(sizes.get(0));
        }
        for (int size : sizes) {
          for (int i = 0; i < warmups; i++) {
            round(size);
          }
          double[] ms = new double[rounds];
          boolean[] beside = new boolean[rounds];
          for (int i = 0; i < rounds; i++) {
            Sample s = round(size);
            ms[i] = s.millis();
            beside[i] = s.local();
          }
          Point p = new Point(policy, size, ms, beside);
          points.add(p);
          System.out.printf("  fig8a %-9s %,12d B: median %9.2f ms, mean %9.2f ms, consumer beside its input %d/%d%n",
              policy, size, p.median(), p.mean(), p.local(), rounds);
        }
      } finally {
        cluster.stop();
      }
    }
    write(out, points, rounds, warmups, clusterWarmups);
  }

  private record Sample(double millis, boolean local) {}

  private static Sample round(int size) {
    ObjectRef<byte[]> input = Ray.task(Tasks::makeInput, size)
        .setResource(ClusterBenchCluster.FAR, 1.0).remote();
    String producer = Ray.get(Ray.task(Tasks::where, input).setResource(ClusterBenchCluster.FAR, 1.0)
        .remote(), 120_000);
    long t0 = System.nanoTime();
    String consumer = Ray.get(Ray.task(Tasks::where, input).setResource(WORKER, 1.0).remote(), 120_000);
    long took = System.nanoTime() - t0;
    if (!consumer.endsWith("|" + size)) {
      throw new IllegalStateException("the consumer saw " + consumer + ", expected " + size + " bytes");
    }
    return new Sample(took / 1e6, node(consumer).equals(node(producer)));
  }

  private static String node(String where) {
    return where.substring(0, where.lastIndexOf('|'));
  }

  /** An empty CSV field where no round fell in a group (a NaN would read as a measurement). */
  private static Object blankIfNaN(double v) {
    return Double.isNaN(v) ? "" : v;
  }

  /** The chart (median and mean per policy, log-log) and the CSV of every point. */
  static void write(Path out, List<Point> points, int rounds, int warmups, int clusterWarmups) throws Exception {
    Csv csv = new Csv("policy", "input_bytes", "rounds", "median_ms", "mean_ms", "min_ms", "max_ms",
        "rounds_consumer_beside_input", "median_ms_beside_input", "median_ms_across")
        .note("measured: a head and two worker processes on loopback (miniray start), this JVM the driver; the input "
            + "made on the first worker; latency = submit to get of the consumer task, which only workers can run, so "
            + "the head forwards it and its global scheduler places it by the policy; "
            + clusterWarmups + " warm-up rounds per cluster and " + warmups + " per size, then " + rounds
            + " timed");
    Chart chart = Chart.lines(new Fig8aLocality().paperFigure(),
        "input size (bytes, log)", "latency submit to get (ms, log)").logX().logY();
    for (String policy : POLICIES) {
      List<Integer> xs = new ArrayList<>();
      List<Double> medians = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      for (Point p : points) {
        if (!p.policy().equals(policy)) {
          continue;
        }
        xs.add(p.bytes());
        medians.add(p.median());
        means.add(p.mean());
        double[] s = p.latenciesMs().clone();
        Arrays.sort(s);
        csv.row(policy, p.bytes(), s.length, p.median(), p.mean(), s[0], s[s.length - 1], p.local(),
            blankIfNaN(p.median(true)), blankIfNaN(p.median(false)));
      }
      if (!xs.isEmpty()) {
        chart.series(policy + " (median)", xs, medians);
        chart.series(policy + " (mean)", xs, means);
      }
    }
    // What a crossing costs, apart: random's median alone hides it whenever most of its few
    // rounds happened to land beside the input.
    for (String policy : POLICIES) {
      List<Integer> at = new ArrayList<>();
      List<Double> crossed = new ArrayList<>();
      for (Point p : points) {
        if (p.policy().equals(policy) && !Double.isNaN(p.median(false))) {
          at.add(p.bytes());
          crossed.add(p.median(false));
        }
      }
      if (!crossed.isEmpty()) {
        chart.series(policy + ", rounds whose input crossed (median)", at, crossed)
            .setLineStyle(SeriesLines.DOT_DOT);
      }
    }
    chart.notes("Measured: head + 2 worker processes on loopback, input made on worker 1; consumer placed by",
        "the global scheduler; median and mean of " + rounds + " rounds. random puts the consumer on either worker,",
        "so about half its inputs cross (the mean is the policy's expected cost); the CSV counts where each ran.");
    chart.save(out.resolve("fig8a.png"));
    csv.write(out.resolve("fig8a.csv"));
  }
}
