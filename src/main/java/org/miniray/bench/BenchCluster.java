package org.miniray.bench;

import java.util.Map;

/**
 * A miniray cluster for one workload, in one deployment mode. {@link #start()} leaves
 * {@code Ray} initialized in this JVM (the driver) and {@link #stop()} shuts it down and frees
 * everything the workload made, so workloads do not see one another's objects and tasks.
 *
 * <p>A new mode is one new implementation, picked in {@link BenchMode}.
 */
public interface BenchCluster {
  void start();

  void stop();

  /**
   * The CPU time each process of the running cluster has used so far, in nanoseconds, by its role
   * ({@code driver}, {@code head}, {@code node1}...), in a stable order; a process whose CPU time the
   * operating system does not tell is left out. Every thread counts, the collector's and the JIT's too.
   */
  Map<String, Long> cpuNanos();
}
