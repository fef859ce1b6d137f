package org.miniray.sim;

import org.miniray.task.ResourceSet;

/**
 * The simulated cluster: identical nodes joined by a network, and the scheduler's knobs.
 *
 * @param nodes how many nodes; node 0 runs the driver
 * @param nodeResources what each node has (for example {@code CPU=4})
 * @param bandwidthBytesPerSecond per transfer; transfers do not share links
 * @param latencyNanos one network hop: a message, or the start of a transfer
 * @param heartbeatNanos how often nodes report their load; the global scheduler sees only
 *     the last report, so its view is up to this old
 * @param localQueueThreshold a node keeps a submitted task when it can start it now, or when
 *     fewer than this many tasks wait there; otherwise it forwards the task (paper 4.2.2)
 * @param globalDecisionNanos time the global scheduler spends per decision (decisions are
 *     serial); 0 makes it infinitely fast
 * @param driverSubmitNanos time the driver spends submitting one task (submissions are
 *     serial); 0 submits any number at once
 * @param seed seeds the one random stream of the run
 */
public record SimConfig(int nodes, ResourceSet nodeResources, double bandwidthBytesPerSecond,
    long latencyNanos, long heartbeatNanos, int localQueueThreshold, long globalDecisionNanos,
    long driverSubmitNanos, long seed) {

  public SimConfig {
    if (nodes < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + nodes);
    }
    if (nodeResources == null || nodeResources.isEmpty()) {
      throw new IllegalArgumentException("nodes need some resources, got " + nodeResources);
    }
    if (!(bandwidthBytesPerSecond > 0)) {
      throw new IllegalArgumentException("bandwidth must be > 0 bytes/s, got " + bandwidthBytesPerSecond);
    }
    if (latencyNanos < 0 || globalDecisionNanos < 0 || driverSubmitNanos < 0
        || localQueueThreshold < 0) {
      throw new IllegalArgumentException(
          "latency, decision and submission times and the queue threshold must be >= 0");
    }
    if (heartbeatNanos < 1) {
      throw new IllegalArgumentException("the heartbeat interval must be > 0 ns, got " + heartbeatNanos);
    }
  }

  /**
   * {@code nodes} nodes of 4 CPUs on a 10 Gbit/s network with 100 us latency; heartbeats
   * every 100 ms (Ray's default); nodes keep only tasks they can start at once; the driver
   * submits a million tasks per second.
   */
  public static SimConfig defaults(int nodes) {
    return new SimConfig(nodes, ResourceSet.of(ResourceSet.CPU, 4), 1.25e9, 100_000L,
        100_000_000L, 0, 0L, 1_000L, 1L);
  }

  public SimConfig withNodes(int n) {
    return new SimConfig(n, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withNodeResources(ResourceSet r) {
    return new SimConfig(nodes, r, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withBandwidth(double bytesPerSecond) {
    return new SimConfig(nodes, nodeResources, bytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withLatencyNanos(long nanos) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, nanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withHeartbeatNanos(long nanos) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        nanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withLocalQueueThreshold(int tasks) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, tasks, globalDecisionNanos, driverSubmitNanos, seed);
  }

  public SimConfig withGlobalDecisionNanos(long nanos) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, nanos, driverSubmitNanos, seed);
  }

  public SimConfig withDriverSubmitNanos(long nanos) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, nanos, seed);
  }

  public SimConfig withSeed(long s) {
    return new SimConfig(nodes, nodeResources, bandwidthBytesPerSecond, latencyNanos,
        heartbeatNanos, localQueueThreshold, globalDecisionNanos, driverSubmitNanos, s);
  }
}
