package org.miniray.figures;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * Paper figure 10a: a GCS client keeps working while a GCS replica dies; what it sees is a stall
 * of its requests. Here the GCS is the {@code zookeeper} one on a three-server ensemble in this
 * JVM (ZooKeeper replicates with a leader where Ray's GCS used chain replication); one client
 * adds task-table entries one at a time, waiting for each to be acknowledged (a quorum has it),
 * and the ensemble's leader is killed part way through. Each point is one write: when it was
 * issued and how long it took.
 */
final class Fig10aGcsFailover implements Figure {
  private static final int TICK_MILLIS = 100;
  private static final JobId JOB = new JobId(1);

  @Override
  public String id() {
    return "fig10a";
  }

  @Override
  public String paperFigure() {
    return "Fig. 10a (Ray OSDI'18): GCS write latency while a replica dies";
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    long runNanos = TimeUnit.SECONDS.toNanos(quick ? 4 : 12);
    long killAtNanos = runNanos * 2 / 5;
    List<Double> at = new ArrayList<>();
    List<Double> latency = new ArrayList<>();
    double killedAtS;
    int killedServer;
    String connect;
    try (TestingCluster ensemble = startedEnsemble()) {
      connect = ensemble.getConnectString();
      MinirayConfig config = MinirayConfig.of(Map.of("miniray.gcs", "zookeeper",
          "miniray.gcs.zookeeper.connect", connect, "miniray.gcs.zookeeper.cluster", "fig10a"));
      try (Gcs gcs = GlobalControlStores.selector().create(config)) {
        for (int i = 0; i < 200; i++) {
          gcs.taskTable().add(spec(1_000_000 + i)).get(30, TimeUnit.SECONDS); // warm up, unplotted
        }
        long start = System.nanoTime();
        long[] killedAt = {-1};
        CompletableFuture<InstanceSpec> killer = new CompletableFuture<>();
        Thread killerThread = new Thread(() -> {
          try {
            long wait = start + killAtNanos - System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, wait));
            InstanceSpec leader = EmbeddedZooKeeper.leader(ensemble);
            if (leader == null) {
              throw new IllegalStateException("the ensemble has no leader to kill");
            }
            killedAt[0] = System.nanoTime();
            ensemble.killServer(leader);
            killer.complete(leader);
          } catch (Exception e) {
            killer.completeExceptionally(e);
          }
        }, "fig10a-killer");
        killerThread.start();
        for (int i = 0; System.nanoTime() - start < runNanos; i++) {
          long t0 = System.nanoTime();
          gcs.taskTable().add(spec(i + 1)).get(60, TimeUnit.SECONDS);
          long t1 = System.nanoTime();
          at.add((t0 - start) / 1e9);
          latency.add((t1 - t0) / 1e6);
        }
        InstanceSpec killed = killer.get(30, TimeUnit.SECONDS);
        killedServer = killed.getServerId();
        killedAtS = (killedAt[0] - start) / 1e9;
      }
    }

    Csv csv = new Csv("time_s", "latency_ms")
        .note("measured: ZooKeeperGcs on a 3-server in-JVM ZooKeeper ensemble (tick " + TICK_MILLIS
            + " ms); one client, one task-table add at a time; leader (server " + killedServer + ") killed at "
            + String.format(java.util.Locale.ROOT, "%.3f", killedAtS) + " s");
    double worst = 0;
    double worstAt = 0;
    for (int i = 0; i < at.size(); i++) {
      csv.row(at.get(i), latency.get(i));
      if (latency.get(i) > worst) {
        worst = latency.get(i);
        worstAt = at.get(i);
      }
    }
    csv.write(out.resolve("fig10a.csv"));

    List<Double> sorted = new ArrayList<>(latency);
    sorted.sort(null);
    double median = sorted.get(sorted.size() / 2);
    Chart chart = Chart.lines(paperFigure(), "time since start, s", "write latency, ms (log)").logY();
    XYSeries kill = chart.series(String.format(java.util.Locale.ROOT, "leader killed at %.2f s", killedAtS),
        List.of(killedAtS, killedAtS), List.of(Math.max(0.01, sorted.get(0)), worst * 2)); // first: under the points
    kill.setMarker(SeriesMarkers.NONE);
    kill.setLineStyle(SeriesLines.DASH_DASH);
    kill.setLineColor(Color.GRAY);

    // Points, not a line: a line would draw the stall as a slope to the next write.
    XYSeries writes = chart.series("task-table add (one at a time), by issue time", at, latency);
    writes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    writes.setMarker(SeriesMarkers.CIRCLE);
    // The stall is usually issued within milliseconds of the kill, so its point sits on the kill
    // line: draw it as what it is, a write outstanding from its issue until its answer.
    XYSeries stall = chart.series(String.format(java.util.Locale.ROOT,
        "stall: longest write, issued %.2f s, answered %.0f ms later", worstAt, worst),
        List.of(worstAt, worstAt + worst / 1000), List.of(worst, worst));
    stall.setMarker(SeriesMarkers.DIAMOND);
    stall.setMarkerColor(Color.RED);
    stall.setLineColor(Color.RED);
    stall.setLineWidth(4f);
    chart.xchart().getStyler().setMarkerSize(4);
    chart.notes(String.format(java.util.Locale.ROOT, "%d writes; median %.2f ms; longest %.0f ms (issued at %.2f s)",
        at.size(), median, worst, worstAt), "3 ZooKeeper servers in this JVM, tick " + TICK_MILLIS + " ms");
    chart.save(out.resolve("fig10a.png"));
    System.out.printf("  fig10a %d writes, median %.2f ms, longest %.0f ms at %.2f s; leader killed at %.2f s%n",
        at.size(), median, worst, worstAt, killedAtS);
  }

  /**
   * Three started servers. Curator's test servers pick free ports at random and may now and then
   * give one server the same port twice ("Client and election port must be different"); new
   * ports on a second try fix it.
   */
  private static TestingCluster startedEnsemble() throws Exception {
    for (int attempt = 1; ; attempt++) {
      TestingCluster ensemble = EmbeddedZooKeeper.cluster(3, TICK_MILLIS);
      try {
        ensemble.start();
        return ensemble;
      } catch (Exception e) {
        ensemble.close();
        if (attempt == 3) {
          throw e;
        }
        System.out.println("  fig10a: the ensemble did not start (" + e.getMessage() + "); new ports, try " + (attempt + 1));
      }
    }
  }

  private static TaskSpec spec(long i) {
    TaskId driver = TaskId.forDriver(JOB);
    return new TaskSpec(TaskId.forChild(driver, i), JOB, driver, TaskKind.NORMAL,
        new FunctionDescriptor("figures.Fig10a", "write", "(I)I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.of(ResourceSet.CPU, 1), null, new NodeId("node-0"), null, null, 0, 0, 0);
  }
}
