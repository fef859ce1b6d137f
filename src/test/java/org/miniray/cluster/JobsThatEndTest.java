package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.Ray;

/**
 * Issue 14's "jobs that end" and "seeing memory" on a cluster of processes (a head without CPUs
 * and a node with two, each its own JVM): {@code miniray memory} lists a running driver's objects
 * with their copies and call sites; once the driver is killed with {@code kill -9}, within the
 * heartbeat timeout and a margin the node holds nothing of its job (memory lists none of it), its
 * running task was interrupted, its queued tasks never run, and a new job runs.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class JobsThatEndTest {
  private static final long HEARTBEAT_TIMEOUT_MS = 5_000;

  @TempDir
  static Path home;
  static String head;

  @BeforeAll
  static void start() {
    CliAt.printed(home, 0, "start", "--head", "--port", "0", "--num-cpus", "0",
        "--heartbeat-timeout-ms", Long.toString(HEARTBEAT_TIMEOUT_MS));
    head = read(home.resolve("head.address")).trim();
    CliAt.printed(home, 0, "start", "--address", head, "--num-cpus", "2");
  }

  @AfterAll
  static void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
    CliAt.printed(home, 0, "stop");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String memory() {
    return CliAt.printed(home, 0, "memory");
  }

  @Test
  @Timeout(240)
  void aKilledDriversJobLeavesNothingBehindAndMemoryListsItsObjectsUntilThen() throws Exception {
    Path dir = Files.createDirectory(home.resolve("tasks"));
    Path out = home.resolve("driver.out");
    Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EndingDriver.class.getName(), head,
        home.resolve("cluster.token").toString(), dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      Awaitility.await("the driver is ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
          .until(() -> read(out).contains("ready") || !driver.isAlive());
      String printed = read(out);
      assertThat(printed).as("the driver printed").contains("ready");
      String job = printed.lines().filter(l -> l.startsWith("job=")).findFirst().orElseThrow().substring(4);

      String listed = memory();
      System.out.println(listed);
      String heading = listed.lines().filter(l -> l.startsWith("Job " + job)).findFirst().orElse("");
      assertThat(heading).as("memory's heading for job %s in:%n%s", job, listed).contains("RUNNING")
          .contains("6 objects"); // the put, the made bytes, the holder's result and three queued results
      List<String> rows = listed.lines().filter(l -> l.contains("EndingDriver.java:")).toList();
      assertThat(rows).as("rows with the driver's call sites").anySatisfy(r -> assertThat(r)
          .contains(" 300000 ").contains("memory").contains("primary").contains("(EndingDriver.main)"));
      assertThat(rows).anySatisfy(r -> assertThat(r).contains(" 400000 ").contains("node@").contains("primary"));
      assertThat(rows.stream().filter(r -> r.contains("pending")).count()).as("results not made yet").isEqualTo(4);

      driver.destroyForcibly(); // kill -9
      driver.waitFor();
      long killed = System.nanoTime();

      Awaitility.await("the running task is interrupted").atMost(Duration.ofMillis(HEARTBEAT_TIMEOUT_MS + 30_000))
          .pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(dir.resolve("interrupted")));
      System.out.printf("the killed driver's running task was interrupted %d ms after the kill (timeout %d ms)%n",
          (System.nanoTime() - killed) / 1_000_000, HEARTBEAT_TIMEOUT_MS);
      Awaitility.await("memory lists nothing of the job").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).until(() -> memory().lines().noneMatch(l -> l.startsWith("Job " + job)));

      Ray.init(Map.of("miniray.address", head, "miniray.cluster.token.file", home.resolve("cluster.token").toString()));
      assertThat(Ray.task(EndingDriver::bytes, 10).setResource("CPU", 2.0).remote().get(60_000))
          .as("a new job's task that needs every CPU of the node").hasSize(10);
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("the killed job's queued tasks never ran, though the node ran a later job's task")
            .containsExactlyInAnyOrder("started", "interrupted");
      }
    } finally {
      driver.destroyForcibly();
    }
  }
}
