package org.miniray.bench;

/**
 * How much each workload does: rounds and per-round counts. {@link #FULL} is {@code make bench},
 * {@link #QUICK} is {@code --quick} for development, {@link #TINY} is for the harness's own test.
 *
 * @param warmups untimed rounds before the timed ones (JIT, thread pools, caches)
 * @param rounds timed rounds; the summary is over these
 * @param syncCalls operations per round of the one-at-a-time workloads
 * @param asyncCalls tasks or calls submitted per round before getting them all
 * @param smallObjects puts or gets per round
 * @param bigBytes the size of each large object (GB = 1e9 bytes throughout)
 * @param bigPutsPerRound large puts per round of {@code single_client_put_gigabytes}
 * @param waitRefs refs per round of {@code single_client_wait_1k_refs} (1,000 but in tests)
 * @param clientThreads driver threads of {@code multi_client_tasks_async}
 * @param tasksPerClient tasks each of those threads submits per round
 * @param fanout the width of each level of {@code nested_fanout}
 * @param fanoutsPerRound whole fan-outs per round
 * @param latencySamples single-task round trips per round of {@code task_latency}
 */
public record Sizes(String name, int warmups, int rounds, int syncCalls, int asyncCalls, int smallObjects,
    int bigBytes, int bigPutsPerRound, int waitRefs, int clientThreads, int tasksPerClient, int fanout,
    int fanoutsPerRound, int latencySamples) {

  public static final Sizes FULL = new Sizes("full", 2, 7, 5_000, 10_000, 10_000, 100_000_000, 3, 1_000, 4, 2_500,
      10, 5, 5_000);
  public static final Sizes QUICK = new Sizes("quick", 1, 3, 1_000, 2_000, 2_000, 10_000_000, 3, 1_000, 4, 500,
      10, 1, 1_000);
  public static final Sizes TINY = new Sizes("tiny", 1, 2, 20, 50, 50, 1_000_000, 2, 50, 2, 20, 3, 1, 20);
}
