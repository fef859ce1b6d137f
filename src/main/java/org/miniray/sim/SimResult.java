package org.miniray.sim;

/**
 * What one simulated run measured. Every field but the last two depends only on the
 * configuration, the workload and the policy, so two runs with the same seed give equal
 * {@link #withoutWallClock()} results.
 *
 * @param makespanSeconds virtual time from the first submission to the last finish
 * @param p50LatencyMillis median of submit-to-finish time over finished tasks
 * @param p99LatencyMillis 99th percentile of the same
 * @param bytesMoved bytes of task arguments copied between nodes
 * @param tasksForwarded tasks a local scheduler passed to the global scheduler
 * @param schedulerDecisions placements made: local keeps plus global policy calls
 * @param tasksFinished tasks that ran
 * @param tasksUnplaced tasks the policy found no node for, and tasks waiting on them
 * @param traceHash a hash of every (task, node, finish time), to spot any difference
 * @param wallMillis real time the simulator took
 * @param decisionsPerSecond scheduler decisions per real second of simulation
 */
public record SimResult(String workload, String policy, int nodes, int tasks,
    double makespanSeconds, double p50LatencyMillis, double p99LatencyMillis, long bytesMoved,
    long tasksForwarded, long schedulerDecisions, int tasksFinished, int tasksUnplaced,
    long traceHash, double wallMillis, double decisionsPerSecond) {

  /** This result with the real-time measurements zeroed, for comparing runs. */
  public SimResult withoutWallClock() {
    return new SimResult(workload, policy, nodes, tasks, makespanSeconds, p50LatencyMillis,
        p99LatencyMillis, bytesMoved, tasksForwarded, schedulerDecisions, tasksFinished,
        tasksUnplaced, traceHash, 0, 0);
  }
}
