package org.miniray.bench;

import java.util.Map;
import org.miniray.api.Ray;

/** Every node in this JVM, beside the driver: {@code Ray.init(config)}. */
public final class EmbeddedBenchCluster implements BenchCluster {
  private final Map<String, String> config;

  public EmbeddedBenchCluster(Map<String, String> config) {
    this.config = Map.copyOf(config);
  }

  @Override
  public void start() {
    Ray.init(config);
  }

  @Override
  public void stop() {
    Ray.shutdown();
  }

  /** Every node runs in this JVM: its CPU time is the whole cluster's. */
  @Override
  public Map<String, Long> cpuNanos() {
    return ProcessCpu.ofThisJvm().map(n -> Map.of("driver", n)).orElse(Map.of());
  }
}
