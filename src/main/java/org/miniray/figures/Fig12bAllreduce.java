package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.config.Keys;

/**
 * Paper figure 12b: allreduce is a chain of small steps, so its time grows with every
 * millisecond the scheduler adds to each task. A ring allreduce (reduce-scatter, then
 * all-gather) of a vector of doubles among {@value #PEERS} actors, one per node of an embedded
 * 4-node cluster, with {@code miniray.scheduler.added.latency.us} set to 0, 100 us, 1 ms and
 * 10 ms. The driver issues every step as actor calls; chunks travel as object references.
 */
final class Fig12bAllreduce implements Figure {
  static final int PEERS = 4;

  @Override
  public String id() {
    return "fig12b";
  }

  @Override
  public String paperFigure() {
    return "Fig. 12b (Ray OSDI'18): ring allreduce time vs added scheduler latency";
  }

  /** One member of the ring: holds its vector and reduces chunks into it. */
  public static final class Peer {
    private double[] v = new double[0];

    public Peer() {}

    /** Fills the vector with {@code (rank + 1) * (1 + j % 7)}: the allreduced value is known. */
    public Boolean reset(Integer length, Integer rank) {
      v = new double[length];
      for (int j = 0; j < length; j++) {
        v[j] = (rank + 1) * (1 + j % 7);
      }
      return true;
    }

    public double[] chunk(Integer k) {
      return Arrays.copyOfRange(v, from(k), from(k + 1));
    }

    public Boolean add(Integer k, double[] c) {
      int f = from(k);
      for (int j = 0; j < c.length; j++) {
        v[f + j] += c[j];
      }
      return true;
    }

    public Boolean set(Integer k, double[] c) {
      System.arraycopy(c, 0, v, from(k), c.length);
      return true;
    }

    /** Whether every element is the allreduced value. */
    public Boolean isReduced() {
      double ranks = PEERS * (PEERS + 1) / 2.0;
      for (int j = 0; j < v.length; j++) {
        if (v[j] != ranks * (1 + j % 7)) {
          return false;
        }
      }
      return true;
    }

    private int from(int k) {
      return (int) ((long) v.length * k / PEERS);
    }
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    long[] latenciesUs = quick ? new long[] {0, 1_000, 10_000} : new long[] {0, 100, 1_000, 10_000};
    int[] vectorBytes = quick ? new int[] {1_000_000} : new int[] {1_000_000, 10_000_000};
    int rounds = quick ? 3 : 7;

    Csv csv = new Csv("added_latency_us", "vector_bytes", "round", "allreduce_ms")
        .note("measured: ring allreduce among " + PEERS + " actors on an embedded " + PEERS
            + "-node cluster, " + rounds + " rounds after one warm-up (System.gc() before each), vectors of doubles; "
            + "miniray.scheduler.added.latency.us delays every task and actor call once its inputs are local");
    Map<Integer, Map<String, Double>> medians = new LinkedHashMap<>();
    for (long us : latenciesUs) {
      Map<String, String> config = new HashMap<>();
      config.put("miniray.nodes", Integer.toString(PEERS));
      config.put(Keys.SCHEDULER_ADDED_LATENCY_US.name(), Long.toString(us));
      for (int i = 0; i < PEERS; i++) {
        config.put("miniray.node." + i + ".resources", "CPU=2,peer" + i + "=1");
      }
      Ray.init(config);
      try {
        List<ActorHandle<Peer>> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
          peers.add(Ray.actor(Peer::new).setResource("peer" + i, 1.0).remote());
        }
        for (int bytes : vectorBytes) {
          int length = bytes / Double.BYTES;
          List<Double> times = new ArrayList<>();
          for (int round = 0; round <= rounds; round++) {
            List<ObjectRef<Boolean>> resets = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
              resets.add(peers.get(i).task(Peer::reset, length, i).remote());
            }
            Ray.get(resets);
            System.gc(); // start each round with an empty young generation: pauses of 100+ ms otherwise land at random
            long t0 = System.nanoTime();
            Ray.get(allreduce(peers));
            double ms = (System.nanoTime() - t0) / 1e6;
            for (ActorHandle<Peer> p : peers) {
              if (!p.task(Peer::isReduced).remote().get()) {
                throw new IllegalStateException("allreduce gave a wrong vector");
              }
            }
            if (round > 0) { // round 0 warms up
              times.add(ms);
              csv.row(us, bytes, round, ms);
            }
          }
          times.sort(null);
          double median = times.get(times.size() / 2);
          medians.computeIfAbsent(bytes, b -> new LinkedHashMap<>()).put(label(us), median);
          System.out.printf("  fig12b +%-6s %,11d B: median %8.1f ms%n", label(us), bytes, median);
        }
      } finally {
        Ray.shutdown();
      }
    }
    csv.write(out.resolve("fig12b.csv"));

    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(1200).height(640).title(paperFigure())
        .xAxisTitle("added scheduler latency per task").yAxisTitle("allreduce time, ms (median of " + rounds + ")")
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("#,##0.0");
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(15f));
    medians.forEach((bytes, byLatency) -> chart.addSeries(
        String.format("%d MB vector, %d actors", bytes / 1_000_000, PEERS),
        new ArrayList<>(byLatency.keySet()), new ArrayList<>(byLatency.values())));
    Path png = out.resolve("fig12b.png");
    java.nio.file.Files.createDirectories(out);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Issues a ring allreduce and returns the results of its last calls. Step s of the
   * reduce-scatter has peer i send chunk (i - s) to peer i + 1, which adds it; after
   * {@code PEERS - 1} steps peer i holds the sum of chunk i + 1, and the all-gather passes the
   * sums around the ring the same way. Each actor runs the driver's calls in order, so a call
   * sees the steps before it.
   */
  private static List<ObjectRef<Boolean>> allreduce(List<ActorHandle<Peer>> peers) {
    int n = peers.size();
    List<ObjectRef<Boolean>> last = new ArrayList<>();
    for (int phase = 0; phase < 2; phase++) {
      for (int s = 0; s < n - 1; s++) {
        // Every send of the step first, so that no peer's send waits behind its own receive.
        List<ObjectRef<double[]>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          sent.add(peers.get(i).task(Peer::chunk, chunkSentBy(i, s, phase, n)).remote());
        }
        last.clear();
        for (int i = 0; i < n; i++) {
          int k = chunkSentBy(i, s, phase, n);
          ActorHandle<Peer> next = peers.get((i + 1) % n);
          last.add(phase == 0 ? next.task(Peer::add, k, sent.get(i)).remote()
              : next.task(Peer::set, k, sent.get(i)).remote());
        }
      }
    }
    return last;
  }

  private static int chunkSentBy(int peer, int step, int phase, int n) {
    return Math.floorMod(phase == 0 ? peer - step : peer + 1 - step, n);
  }

  private static String label(long us) {
    return us == 0 ? "0" : us < 1_000 ? us + " us" : us / 1_000 + " ms";
  }
}
