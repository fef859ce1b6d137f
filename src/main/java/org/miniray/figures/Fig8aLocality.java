package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.bench.ClusterBenchCluster;
import org.miniray.node.TaskContext;

/**
 * Paper figure 8a: a task whose input is large runs sooner when the scheduler places it where
 * the input already is. A real cluster of two processes on loopback (a head and one node,
 * started with the {@code miniray} command line; this JVM is the driver), restarted for each
 * global scheduling policy: {@code locality} (the node holding the most input bytes) and
 * {@code random}.
 *
 * <p>Each round: a task pinned to the node process (custom resource {@code far}) makes an object
 * of S bytes, and a second pinned task reads it there, so the object exists before the clock
 * starts. Then the driver submits a consumer with no placement constraint (a driver has no
 * resources, so the global scheduler places it by its policy) and waits for its small reply:
 * the latency is submit to get. The consumer reports where it ran, so the CSV shows how often
 * the input had to cross between the processes.
 */
final class Fig8aLocality implements Figure {
  static final List<String> POLICIES = List.of("locality", "random");

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

  /** One policy's measurements at one size. */
  record Point(String policy, int bytes, double[] latenciesMs, int local) {
    double median() {
      return percentile(0.5);
    }

    double mean() {
      return Arrays.stream(latenciesMs).average().orElse(Double.NaN);
    }

    double percentile(double p) {
      double[] s = latenciesMs.clone();
      Arrays.sort(s);
      if (s.length % 2 == 0 && p == 0.5) {
        return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      }
      return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
    }
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    List<Integer> sizes = quick ? List.of(100_000, 1_000_000)
        : List.of(100_000, 300_000, 1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000);
    // random sends about half the consumers across, so its mean needs more rounds than a median would.
    int rounds = quick ? 3 : 15;
    int warmups = 1;
    // A fresh cluster's JVMs are cold: without this the smallest sizes, measured first, look slowest.
    int clusterWarmups = quick ? 2 : 20;
    List<Point> points = new ArrayList<>();
    for (String policy : POLICIES) {
      ClusterBenchCluster cluster = new ClusterBenchCluster(Map.of(), List.of("--policy", policy));
      cluster.start();
      try {
        for (int i = 0; i < clusterWarmups; i++) {
          round(sizes.get(0));
        }
        for (int size : sizes) {
          for (int i = 0; i < warmups; i++) {
            round(size);
          }
          double[] ms = new double[rounds];
          int local = 0;
          for (int i = 0; i < rounds; i++) {
            Sample s = round(size);
            ms[i] = s.millis();
            local += s.local() ? 1 : 0;
          }
          Point p = new Point(policy, size, ms, local);
          points.add(p);
          System.out.printf("  fig8a %-9s %,12d B: median %9.2f ms, mean %9.2f ms, consumer beside its input %d/%d%n",
              policy, size, p.median(), p.mean(), local, rounds);
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
    String consumer = Ray.get(Ray.task(Tasks::where, input).remote(), 120_000);
    long took = System.nanoTime() - t0;
    if (!consumer.endsWith("|" + size)) {
      throw new IllegalStateException("the consumer saw " + consumer + ", expected " + size + " bytes");
    }
    return new Sample(took / 1e6, node(consumer).equals(node(producer)));
  }

  private static String node(String where) {
    return where.substring(0, where.lastIndexOf('|'));
  }

  /** The chart (median and mean per policy, log-log) and the CSV of every point. */
  static void write(Path out, List<Point> points, int rounds, int warmups, int clusterWarmups) throws Exception {
    Csv csv = new Csv("policy", "input_bytes", "rounds", "median_ms", "mean_ms", "min_ms", "max_ms",
        "rounds_consumer_beside_input")
        .note("measured: a head and a node process on loopback (miniray start), this JVM the driver; the input made "
            + "on the node process; latency = submit to get of the consumer task, placed by the head's policy; "
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
        csv.row(policy, p.bytes(), s.length, p.median(), p.mean(), s[0], s[s.length - 1], p.local());
      }
      if (!xs.isEmpty()) {
        chart.series(policy + " (median)", xs, medians);
        chart.series(policy + " (mean)", xs, means);
      }
    }
    chart.notes("Measured: head + 1 node process on loopback, input made on the node; median and mean of "
        + rounds + " rounds.", "random places the consumer on either process, so about half its inputs cross "
        + "the wire (see the CSV).");
    chart.save(out.resolve("fig8a.png"));
    csv.write(out.resolve("fig8a.csv"));
  }
}
