package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.Map;

/**
 * One operation measured the way Ray's microbenchmark measures it. The runner starts a fresh
 * cluster with {@link #clusterConfig()}, calls {@link #setUp} once, then {@link #round} for the
 * warm-up and the timed rounds, and stops the cluster.
 *
 * <p>A round times itself with the ticker it is given, so that setup inside a round (making a
 * fresh object to pull, say) stays out of the figure. It returns its figure in {@link #unit()}.
 */
public interface Workload {

  /** Ray's name for it, where Ray has one. */
  String name();

  /** {@code tasks/s}, {@code GB/s}, {@code s}, {@code us}. */
  String unit();

  /** True for rates, false for times. */
  boolean higherIsBetter();

  /** The goal, or null when it sets none. */
  default Goal goal() {
    return null;
  }

  /** Ray's published figure (64 vCPUs) for this workload, or null when it publishes none. */
  default Double rayFigure() {
    return null;
  }

  /** What a reader must know to read the figure right (what it does and does not measure), or null. */
  default String note() {
    return null;
  }

  /** Told first, before anything else: the mode the workload runs in (a workload may place tasks differently). */
  default void useMode(BenchMode mode) {}

  /** Configuration for the cluster this workload runs on; none means one node. */
  default Map<String, String> clusterConfig() {
    return Map.of();
  }

  /** Once per cluster, untimed: actors, objects to read. */
  default void setUp(Sizes sizes) {}

  /** After the last round, before the cluster stops: threads the workload started. */
  default void tearDown() {}

  /** One round; extras (a p99 beside a p50) go into {@link Round#extras()}. */
  Round round(Sizes sizes, Ticker ticker) throws Exception;
}
