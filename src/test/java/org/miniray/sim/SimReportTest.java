package org.miniray.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.scheduler.policy.SchedulingPolicy;
import picocli.CommandLine;

class SimReportTest {

  @Test
  void csvAndPngAreWritten(@TempDir Path dir) throws IOException {
    Map<String, Supplier<SchedulingPolicy>> policies = new LinkedHashMap<>();
    policies.put("first-feasible", FirstFeasibleTestPolicy::new);
    policies.put("random", () -> new SeededRandomTestPolicy(5));
    policies.put("least-queued", LeastQueuedTestPolicy::new);

    List<SimResult> results = SimReport.compare(SimConfig.defaults(10),
        RandomDag.withLargeInputs(500, Durations.exponentialMillis(5)), policies);
    List<Path> files = SimReport.write(results, dir);

    Path csv = dir.resolve("dag.csv");
    assertThat(files).contains(csv, dir.resolve("dag-makespan.png"), dir.resolve("dag-latency.png"),
        dir.resolve("dag-bytes.png"), dir.resolve("dag-decisions.png"));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(SimReport.CSV_HEADER);
    assertThat(lines).as("the CSV should have a header and one row per policy").hasSize(1 + 3);
    assertThat(lines.get(2)).startsWith("dag,random,10,500,");
    for (Path f : files) {
      if (f.toString().endsWith(".png")) {
        BufferedImage image = ImageIO.read(f.toFile());
        assertThat(image).as("%s should decode as an image", f).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
      }
    }
  }

  @Test
  void commandLineResolvesPolicyClassNamesAndWritesReport(@TempDir Path dir) {
    int code = new CommandLine(new SimMain()).execute("--nodes", "5", "--tasks", "300",
        "--workload", "rl", "--policies",
        FirstFeasibleTestPolicy.class.getName() + "," + SeededRandomTestPolicy.class.getName(),
        "--out", dir.toString());

    assertThat(code).isZero();
    assertThat(dir.resolve("rl.csv")).exists();
    assertThat(dir.resolve("rl-makespan.png")).exists();
  }

  @Test
  void unknownPolicyNameIsExplained() {
    assertThatThrownBy(() -> SimMain.resolvePolicy("nope", 1))
        .hasMessageContaining("'nope' names no SchedulingPolicy").hasMessageContaining("paper, random");
    assertThatThrownBy(
            () -> SimMain.resolvePolicy(String.class.getName(), 1))
        .hasMessageContaining("does not implement");
  }
}
