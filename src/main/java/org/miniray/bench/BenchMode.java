package org.miniray.bench;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the cluster under test runs. {@code embedded}: all nodes in the driver's JVM.
 * {@code cluster}: a head and a node process with the driver in a third JVM; it needs the
 * multi-process runtime, so choosing it fails with a message that says so rather than measuring
 * something else under its name.
 */
public enum BenchMode {
  EMBEDDED(EmbeddedBenchCluster::new),
  CLUSTER(config -> {
    throw new UnsupportedOperationException(BenchMode.CLUSTER_NOT_BUILT);
  });

  static final String CLUSTER_NOT_BUILT = "cluster mode needs the multi-process runtime (not built yet)";

  private final Function<Map<String, String>, BenchCluster> factory;

  BenchMode(Function<Map<String, String>, BenchCluster> factory) {
    this.factory = factory;
  }

  /** The lower-case name used on the command line and in file names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Fails now, before any workload runs, when this mode cannot run. */
  public void checkAvailable() {
    if (this == CLUSTER) {
      throw new UnsupportedOperationException(CLUSTER_NOT_BUILT);
    }
  }

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
