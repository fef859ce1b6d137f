package org.miniray.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.Ray;

/** The harness runs every workload and records it; speed is the benchmark's business, not this test's. */
class BenchMainTest {

  @TempDir
  Path out;

  @Test
  void everyWorkloadRunsAndLandsInTheJsonWithPositiveFiniteFigures() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code = BenchMain.run(new BenchMain(new PrintStream(printed, true, StandardCharsets.UTF_8), false),
        "--tiny", "--out", out.toString());
    String console = printed.toString(StandardCharsets.UTF_8);

    assertThat(code).as("exit code; the console said:%n%s", console).isZero();
    assertThat(Ray.isInitialized()).as("the last workload's cluster was stopped").isFalse();
    Path latest = out.resolve("latest-embedded.json");
    assertThat(latest).exists();
    assertThat(Files.list(out).filter(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-embedded\\.json")))
        .as("a timestamped copy beside latest-embedded.json").hasSize(1);

    String json = Files.readString(latest);
    for (Workload w : Workloads.all()) {
      Matcher m = Pattern.compile("\"name\": \"" + Pattern.quote(w.name()) + "\",\\s*\"unit\": \"[^\"]+\",\\s*"
          + "\"better\": \"\\w+\",\\s*\"median\": ([^,\\s]+),\\s*\"min\": ([^,\\s]+),\\s*\"max\": ([^,\\s]+)")
          .matcher(json);
      assertThat(m.find()).as("workload %s with median, min and max in the JSON:%n%s", w.name(), json).isTrue();
      for (int g = 1; g <= 3; g++) {
        double v = Double.parseDouble(m.group(g));
        assertThat(Double.isFinite(v) && v > 0).as("%s: figure %s is positive and finite", w.name(), m.group(g))
            .isTrue();
      }
      assertThat(console).as("a progress line per round of %s", w.name()).contains(w.name() + ": round 2/2: ");
    }
    assertThat(json).doesNotContain("\"error\"");
  }

  @Test
  void clusterModeRunsOnAHeadAndANodeProcessAndStopsThem() throws Exception {
    // One workload only (a full tiny run of processes takes minutes, each workload on a fresh
    // cluster): the object made on the node process and pulled by a task on the head process.
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code = BenchMain.run(new BenchMain(new PrintStream(printed, true, StandardCharsets.UTF_8), false),
        "--mode", "cluster", "--tiny", "--only", "node_to_node_gigabytes", "--cpu",
        "--out", out.toString());
    String console = printed.toString(StandardCharsets.UTF_8);

    assertThat(code).as("exit code; the console said:%n%s", console).isZero();
    assertThat(Ray.isInitialized()).as("the driver left the cluster").isFalse();
    String json = Files.readString(out.resolve("latest-cluster.json"));
    assertThat(json).contains("\"mode\": \"cluster\"").contains("node_to_node_gigabytes")
        .doesNotContain("\"error\"");
    assertThat(console).contains("node_to_node_gigabytes: round 2/2: ").contains("pulled over loopback TCP");
    // --cpu: each process's CPU time in each round, the driver's (this JVM), the head's and the node's.
    for (String role : new String[] {"driver", "head", "node1"}) {
      Matcher m = Pattern.compile("\"cpu_ms_" + role + "\": \\{\\s*\"median\": ([^,\\s]+)").matcher(json);
      assertThat(m.find()).as("the %s's CPU time per round in the JSON:%n%s", role, json).isTrue();
      double ms = Double.parseDouble(m.group(1));
      assertThat(Double.isFinite(ms) && ms >= 0).as("%s: %s ms of CPU is a duration", role, m.group(1)).isTrue();
    }
  }

  @Test
  void anUnknownWorkloadNameIsRefusedWithTheListOfRightOnes() {
    PrintStream err = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = BenchMain.run(new BenchMain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          false), "--only", "single_client_tasks_sync,tasks_sink", "--tiny", "--out", out.toString());
    } finally {
      System.setErr(err);
    }
    assertThat(code).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("tasks_sink").contains("single_client_tasks_async");
  }

  @Test
  void summaryGivesMedianQuartilesAndExtremes() {
    Summary s = Summary.of(new double[] {5, 1, 4, 2, 3});
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(5);
    assertThat(s.q1()).isEqualTo(2);
    assertThat(s.q3()).isEqualTo(4);
  }
}
