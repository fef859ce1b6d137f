package edu.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.node.TaskContext;
import org.miniray.sim.SimMain;
import picocli.CommandLine;

/**
 * Issue 6's "done when", as a new user tries it: a policy class of one's own, outside miniray's
 * packages, named by its class name, schedules a real job and a simulated one.
 */
class ExternalPolicyTest {
  private static final String POLICY = LastFeasibleNodePolicy.class.getName();

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  static String whereAmI(int i) {
    return TaskContext.current().node().id().value();
  }

  @Test
  void ownPolicyNamedInConfigSchedulesARealJob() {
    // The driver's node has no "w", so every task goes to the global scheduler and its policy.
    Ray.init(Map.of("miniray.nodes", "3", "miniray.node.resources", "CPU=2,w=1", "miniray.node.0.resources", "CPU=1",
        "miniray.scheduler.policy", POLICY));
    LastFeasibleNodePolicy.CHOSEN.clear();
    // Submitted before every node's first heartbeat, all 20 could be placed before the global
    // scheduler knew node-2 (seen on a loaded machine): wait until the node table has all three.
    org.awaitility.Awaitility.await("every node's first heartbeat").atMost(java.time.Duration.ofSeconds(30))
        .until(() -> ((org.miniray.runtime.MinirayRuntime) Ray.internal()).cluster().gcs().nodeTable().all().join()
            .stream().filter(n -> n.alive() && n.load() != null).count() == 3);
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      refs.add(Ray.task(ExternalPolicyTest::whereAmI, i).setResource("w", 1.0).remote());
    }
    List<String> ranOn = Ray.get(refs, 60_000);
    assertThat(LastFeasibleNodePolicy.CHOSEN).as("the policy's choices, one per task").hasSizeGreaterThanOrEqualTo(20);
    // The global scheduler may hear of node-2 after the first tasks: the policy then picks node-1.
    assertThat(ranOn).as("where the tasks ran: only where %s sent them (it chose %s)", POLICY,
        LastFeasibleNodePolicy.CHOSEN).hasSize(20).allMatch(LastFeasibleNodePolicy.CHOSEN::contains);
    assertThat(ranOn).as("the last node that has w, as the policy chooses once it knows every node")
        .contains("node-2");
  }

  @Test
  void ownPolicyNamedOnTheSimulatorsCommandLineRuns(@TempDir Path out) throws Exception {
    int code = new CommandLine(new SimMain()).execute("--nodes", "10", "--tasks", "2000", "--workload", "parallel",
        "--policies", "paper," + POLICY, "--out", out.toString());
    assertThat(code).as("SimMain's exit code").isZero();
    List<String> csv = Files.readAllLines(out.resolve("parallel.csv"));
    assertThat(csv).as("the CSV of the run").anyMatch(line -> line.contains("LastFeasibleNodePolicy"));
    // Every task on node 9 (4 CPUs) instead of spread over 10 nodes: the own policy really ran.
    assertThat(makespan(csv, "LastFeasibleNodePolicy")).as("makespan with every task on the last node")
        .isGreaterThan(5 * makespan(csv, "paper"));
  }

  @Test
  void commandLineSaysAtOnceWhenThePolicyClassIsNotOnTheClasspath(@TempDir Path home) {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = org.miniray.cluster.Cli.run("--home", home.toString(), "start", "--head", "--port", "0",
          "--policy", "edu.example.NoSuchPolicy");
    } finally {
      System.setErr(before);
    }
    assertThat(code).as("exit code of miniray start with a missing policy class").isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).as("what miniray start says")
        .contains("edu.example.NoSuchPolicy").contains("no class of that name is on the classpath")
        .contains("MINIRAY_CLASSPATH");
    assertThat(home.resolve("head.address")).as("no head was started").doesNotExist();
  }

  private static double makespan(List<String> csv, String policy) {
    List<String> header = List.of(csv.get(0).split(","));
    int col = header.indexOf("makespan_s");
    int pol = header.indexOf("policy");
    return csv.stream().skip(1).map(l -> l.split(",")).filter(f -> f[pol].equals(policy))
        .mapToDouble(f -> Double.parseDouble(f[col])).findFirst().orElseThrow();
  }
}
