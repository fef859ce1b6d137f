package org.miniray.bench;

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
}
