package org.miniray.bench;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the cluster under test runs. {@code embedded}: all nodes in the driver's JVM.
 * {@code cluster}: a head and a node process, started with the {@code miniray} command line,
 * with the driver in a third JVM (this one): {@link ClusterBenchCluster}.
 */
public enum BenchMode {
  EMBEDDED(EmbeddedBenchCluster::new),
  CLUSTER(ClusterBenchCluster::new);

  private final Function<Map<String, String>, BenchCluster> factory;

  BenchMode(Function<Map<String, String>, BenchCluster> factory) {
    this.factory = factory;
  }

  /** The lower-case name used on the command line and in file names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Fails now, before any workload runs, when this mode cannot run (every mode can today). */
  public void checkAvailable() {}

  /** A cluster of this mode with these miniray configuration values (as for {@code Ray.init}). */
  public BenchCluster cluster(Map<String, String> config) {
    return factory.apply(config);
  }

  public static BenchMode parse(String text) {
    for (BenchMode m : values()) {
      if (m.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + text + "': expected embedded or cluster");
  }
}
