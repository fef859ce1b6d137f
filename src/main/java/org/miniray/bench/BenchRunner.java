package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs workloads one after another, each on its own fresh cluster: set up, warm up (untimed),
 * then the timed rounds, with a progress line per round. A workload that throws is reported as
 * failed and the rest still run.
 */
public final class BenchRunner {
  private final Map<String, String> extraConfig;
  private final BenchMode mode;
  private final Sizes sizes;
  private final Ticker ticker;
  private final Progress progress;
  private final boolean cpu;

  BenchRunner(BenchMode mode, Sizes sizes, Ticker ticker, Progress progress) {
    this(mode, sizes, ticker, progress, Map.of(), false);
  }

  /**
   * @param extraConfig configuration every workload's cluster gets too, such as {@code miniray.gcs}
   * @param cpu whether each timed round also records the CPU time each process of the cluster spent in
   *     it, as extra figures {@code cpu_ms_<role>} ({@link BenchCluster#cpuNanos})
   */
  BenchRunner(BenchMode mode, Sizes sizes, Ticker ticker, Progress progress, Map<String, String> extraConfig,
      boolean cpu) {
    this.extraConfig = Map.copyOf(extraConfig);
    this.mode = mode;
    this.sizes = sizes;
    this.ticker = ticker;
    this.progress = progress;
    this.cpu = cpu;
  }

  public List<WorkloadResult> run(List<Workload> workloads) {
    List<WorkloadResult> results = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      results.add(run(workloads.get(i), "[" + (i + 1) + "/" + workloads.size() + "] "));
    }
    return results;
  }

  private WorkloadResult run(Workload w, String prefix) {
    String head = prefix + w.name();
    w.useMode(mode);
    Map<String, String> config = new LinkedHashMap<>(w.clusterConfig());
    config.putAll(extraConfig);
    BenchCluster cluster = mode.cluster(config);
    progress.update(head + ": starting the cluster");
    try {
      // Inside the try: a cluster of processes that fails to start fails this workload, not the run.
      cluster.start();
      w.setUp(sizes);
      for (int i = 0; i < sizes.warmups(); i++) {
        progress.update(head + ": warm-up " + (i + 1) + "/" + sizes.warmups());
        w.round(sizes, ticker);
      }
      double[] values = new double[sizes.rounds()];
      Map<String, double[]> extras = new LinkedHashMap<>();
      for (int i = 0; i < sizes.rounds(); i++) {
        Map<String, Long> cpuBefore = cpu ? cluster.cpuNanos() : Map.of();
        Round r = w.round(sizes, ticker);
        values[i] = r.value();
        Map<String, Double> roundExtras = new LinkedHashMap<>(r.extras());
        if (cpu) {
          cluster.cpuNanos().forEach((role, after) -> {
            Long before = cpuBefore.get(role);
            if (before != null) {
              roundExtras.put("cpu_ms_" + role, (after - before) / 1e6);
            }
          });
        }
        for (Map.Entry<String, Double> e : roundExtras.entrySet()) {
          extras.computeIfAbsent(e.getKey(), k -> new double[sizes.rounds()])[i] = e.getValue();
        }
        progress.update(head + ": round " + (i + 1) + "/" + sizes.rounds() + ": " + Numbers.format(r.value()) + " "
            + w.unit());
      }
      w.tearDown();
      Summary s = Summary.of(values);
      Map<String, Summary> extraSummaries = new LinkedHashMap<>();
      extras.forEach((k, v) -> extraSummaries.put(k, Summary.of(v)));
      progress.finish(head + ": median " + Numbers.format(s.median()) + " " + w.unit() + " (min "
          + Numbers.format(s.min()) + ", max " + Numbers.format(s.max()) + ", " + sizes.rounds() + " rounds)");
      return new WorkloadResult(w, values, s, extraSummaries, null);
    } catch (Exception | AssertionError e) {
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      progress.finish(head + ": FAILED " + why);
      return WorkloadResult.failed(w, why);
    } finally {
      cluster.stop();
    }
  }
}
