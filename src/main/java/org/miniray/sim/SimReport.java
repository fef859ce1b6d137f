package org.miniray.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.miniray.scheduler.policy.SchedulingPolicy;

/**
 * Compares policies on one workload: every policy runs the very same task graph on the same
 * cluster, and the results go to {@code <workload>.csv} (one row per policy) and bar charts
 * {@code <workload>-makespan.png}, {@code -latency.png}, {@code -bytes.png} and
 * {@code -decisions.png}.
 */
public final class SimReport {
  static final String CSV_HEADER = "workload,policy,nodes,tasks,makespan_s,p50_latency_ms,"
      + "p99_latency_ms,bytes_moved,tasks_forwarded,scheduler_decisions,tasks_finished,"
      + "tasks_unplaced,decisions_per_s,wall_ms";

  private SimReport() {}

  /**
   * Runs each policy (a fresh one from its supplier, in the map's order) over the graph
   * {@code workload} makes from {@code cfg}'s seed.
   */
  public static List<SimResult> compare(SimConfig cfg, Workload workload,
      Map<String, ? extends Supplier<? extends SchedulingPolicy>> policies) {
    TaskGraph graph = workload.generate(cfg.nodes(), new SplittableRandom(cfg.seed()));
    List<SimResult> results = new ArrayList<>();
    policies.forEach((name, policy) ->
        results.add(Simulator.run(cfg, workload.name(), graph, name, policy.get())));
    return results;
  }

  /** Writes the CSV and the charts of one workload's results; returns the files written. */
  public static List<Path> write(List<SimResult> results, Path dir) {
    List<Path> files = new ArrayList<>();
    files.add(writeCsv(results, dir));
    files.addAll(writeCharts(results, dir));
    return files;
  }

  public static Path writeCsv(List<SimResult> results, Path dir) {
    List<String> lines = new ArrayList<>();
    lines.add(CSV_HEADER);
    for (SimResult r : results) {
      lines.add(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.3f,%.3f,%d,%d,%d,%d,%d,%.0f,%.1f",
          csv(r.workload()), csv(r.policy()), r.nodes(), r.tasks(), r.makespanSeconds(),
          r.p50LatencyMillis(), r.p99LatencyMillis(), r.bytesMoved(), r.tasksForwarded(),
          r.schedulerDecisions(), r.tasksFinished(), r.tasksUnplaced(), r.decisionsPerSecond(),
          r.wallMillis()));
    }
    Path file = dir.resolve(workloadOf(results) + ".csv");
    try {
      Files.createDirectories(dir);
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    return file;
  }

  public static List<Path> writeCharts(List<SimResult> results, Path dir) {
    // Charts are drawn off-screen; without this a machine with no display fails.
    System.setProperty("java.awt.headless", "true");
    String w = workloadOf(results);
    List<Path> files = new ArrayList<>();
    files.add(bars(results, dir, w + "-makespan", "Makespan (" + w + ")", "seconds",
        Map.of("makespan", SimResult::makespanSeconds)));
    files.add(bars(results, dir, w + "-latency", "Task latency, submit to finish (" + w + ")",
        "milliseconds", orderedMap("p50", SimResult::p50LatencyMillis, "p99",
            SimResult::p99LatencyMillis)));
    files.add(bars(results, dir, w + "-bytes", "Bytes moved between nodes (" + w + ")",
        "bytes", Map.of("bytes moved", r -> (double) r.bytesMoved())));
    files.add(bars(results, dir, w + "-decisions", "Simulated scheduler decisions per second",
        "decisions / s (wall clock)", Map.of("decisions/s", SimResult::decisionsPerSecond)));
    return files;
  }

  private static Path bars(List<SimResult> results, Path dir, String fileStem, String title,
      String yTitle, Map<String, ToDoubleFunction<SimResult>> series) {
    CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title)
        .xAxisTitle("policy").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendVisible(series.size() > 1);
    List<String> policies = results.stream().map(SimResult::policy).toList();
    series.forEach((name, metric) -> chart.addSeries(name, policies,
        results.stream().map(r -> (Number) metric.applyAsDouble(r)).toList()));
    Path file = dir.resolve(fileStem + ".png");
    try {
      Files.createDirectories(dir);
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    return file;
  }

  private static Map<String, ToDoubleFunction<SimResult>> orderedMap(
      String k1, ToDoubleFunction<SimResult> v1, String k2, ToDoubleFunction<SimResult> v2) {
    Map<String, ToDoubleFunction<SimResult>> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static String workloadOf(List<SimResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no results to report");
    }
    String w = results.get(0).workload();
    for (SimResult r : results) {
      if (!r.workload().equals(w)) {
        throw new IllegalArgumentException(
            "a report covers one workload, got both " + w + " and " + r.workload());
      }
    }
    return w;
  }

  private static String csv(String field) {
    return field.contains(",") || field.contains("\"")
        ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
