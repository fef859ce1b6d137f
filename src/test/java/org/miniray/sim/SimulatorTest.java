package org.miniray.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.task.ResourceSet;

class SimulatorTest {
  private static final long MS = 1_000_000L;

  private static SimConfig cluster(int nodes, int cpus) {
    return SimConfig.defaults(nodes).withNodeResources(ResourceSet.of(ResourceSet.CPU, cpus));
  }

  @Test
  void sameSeedSameResult() {
    SimConfig cfg = cluster(20, 2).withSeed(42);
    Workload dag = RandomDag.withLargeInputs(2_000, Durations.exponentialMillis(5));

    SimResult first = Simulator.run(cfg, dag, "random", new SeededRandomTestPolicy(7));
    SimResult second = Simulator.run(cfg, dag, "random", new SeededRandomTestPolicy(7));
    SimResult otherSeed = Simulator.run(cfg.withSeed(43), dag, "random", new SeededRandomTestPolicy(7));

    assertThat(second.withoutWallClock())
        .as("a second run with the same seeds must replay the first exactly")
        .isEqualTo(first.withoutWallClock());
    assertThat(otherSeed.traceHash())
        .as("another workload seed should give another run")
        .isNotEqualTo(first.traceHash());
  }

  @Test
  void makespanOfEmbarrassinglyParallelMatchesTheory() {
    int nodes = 10;
    int cpus = 4;
    int tasks = 4_000;
    SimConfig cfg = cluster(nodes, cpus).withLatencyNanos(0);
    Workload w = new EmbarrassinglyParallel(tasks, Durations.fixedMillis(10));

    SimResult r = Simulator.run(cfg, w, "cyclic", new CyclicTestPolicy());

    double theory = Math.ceil(tasks / (double) (nodes * cpus)) * 0.010;
    assertThat(r.tasksFinished()).isEqualTo(tasks);
    assertThat(r.makespanSeconds())
        .as("%d tasks of 10 ms spread evenly over %d cores should take ceil(n/c)*d = %.3f s",
            tasks, nodes * cpus, theory)
        .isCloseTo(theory, within(theory * 0.02));
  }

  @Test
  void chainsRunSequentially() {
    int length = 20;
    Workload chains = new Chains(5, length, Durations.fixedMillis(10), 1_000);

    SimResult r = Simulator.run(cluster(8, 4), chains, "random", new SeededRandomTestPolicy(1));

    assertThat(r.tasksFinished()).isEqualTo(5 * length);
    assertThat(r.makespanSeconds())
        .as("a chain of %d tasks of 10 ms cannot finish in less than %d ms", length, 10 * length)
        .isGreaterThanOrEqualTo(length * 0.010);
  }

  @Test
  void bytesMovedCountsRemoteInputsOnly() {
    TaskGraph.Builder b = TaskGraph.builder();
    int onZero = b.add(MS, 1_000);
    int onOne = b.add(MS, 500);
    b.pin(onZero, 0).pin(onOne, 1);
    int both = b.add(MS, 10, onZero, onOne);
    int bothAgain = b.add(MS, 10, onZero, onOne);
    int localOnly = b.add(MS, 10, onZero);
    b.pin(both, 0).pin(bothAgain, 0).pin(localOnly, 0);

    SimResult r = Simulator.run(cluster(2, 1), "pinned", b.build(), "first",
        new FirstFeasibleTestPolicy());

    assertThat(r.tasksFinished()).isEqualTo(5);
    assertThat(r.bytesMoved())
        .as("only the 500-byte object made on node 1 crosses the network, and only once: "
            + "node 0 keeps the copy it pulled")
        .isEqualTo(500);
  }

  @Test
  void staleHeartbeatsAreModelled() {
    // The driver submits a task every 0.25 ms: exactly what 10 nodes x 4 CPUs can run.
    TaskGraph.Builder b = TaskGraph.builder();
    for (int i = 0; i < 2_000; i++) {
      b.submitAt(b.add(10 * MS, 8), i * MS / 4);
    }
    TaskGraph graph = b.build();
    SimConfig cfg = cluster(10, 4);

    // Free CPUs are those of the last heartbeat less what the scheduler sent since: CPUs that
    // finished tasks free show only at the next heartbeat. A first-fit policy (the first node
    // with a free CPU, else the first node) reads nothing else, so it sees stale data.
    SchedulingPolicy firstFit = (task, nodes) -> nodes.stream()
        .filter(v -> v.available().fits(task.demand()))
        .findFirst()
        .or(() -> nodes.stream().filter(v -> v.total().fits(task.demand())).findFirst())
        .map(NodeView::id);
    SimResult fresh = Simulator.run(cfg.withHeartbeatNanos(MS), "steady", graph, "first-fit", firstFit);
    SimResult stale = Simulator.run(cfg.withHeartbeatNanos(1_000 * MS), "steady", graph, "first-fit", firstFit);

    assertThat(stale.makespanSeconds())
        .as("with 1 s old views every node looks full once each has been sent 4 tasks, so a "
            + "first-fit policy sends the rest to the first node: it should do far worse than "
            + "with 1 ms old views (%.3f s)", fresh.makespanSeconds())
        .isGreaterThan(2 * fresh.makespanSeconds());
  }

  @Test
  void localSchedulerKeepsWhatItCanStartAndForwardsTheRest() {
    TaskGraph.Builder b = TaskGraph.builder();
    int parent = b.add(10 * MS, 8);
    b.pin(parent, 2);
    for (int i = 0; i < 5; i++) {
      b.submittedBy(b.add(10 * MS, 8), parent);
    }

    SimResult r = Simulator.run(cluster(4, 4), "nested", b.build(), "random",
        new SeededRandomTestPolicy(9));

    assertThat(r.tasksFinished()).isEqualTo(6);
    assertThat(r.tasksForwarded())
        .as("node 2 has 3 CPUs left beside the parent: it keeps 3 children and forwards 2")
        .isEqualTo(2);
  }

  @Test
  void infeasibleTaskAndWhatNeedsItAreReportedUnplaced() {
    TaskGraph.Builder b = TaskGraph.builder();
    int needsGpu = b.add(MS, 8);
    b.demand(needsGpu, ResourceSet.of(ResourceSet.GPU, 1));
    b.add(MS, 8, needsGpu);
    b.add(MS, 8);

    SimResult r = Simulator.run(cluster(3, 2), "gpu", b.build(), "first",
        new FirstFeasibleTestPolicy());

    assertThat(r.tasksFinished()).as("only the task that needs no GPU object can run").isEqualTo(1);
    assertThat(r.tasksUnplaced()).isEqualTo(2);
  }

  @Test
  void rlJobRunsEveryLearnerCallOnTheLearnersNode() {
    RlJob rl = new RlJob(5, 20, Durations.fixedMillis(5), Durations.fixedMillis(50), 1_000_000,
        100_000);

    SimResult r = Simulator.run(cluster(4, 4), rl, "random", new SeededRandomTestPolicy(3));

    assertThat(r.tasksFinished()).isEqualTo(5 * 21);
    assertThat(r.makespanSeconds())
        .as("five learner calls of 50 ms run one after another")
        .isGreaterThanOrEqualTo(0.250);
  }
}
