package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayWorkerException;
import org.miniray.api.runtimecontext.NodeInfo;

/**
 * A cluster whose head and node run their tasks in worker processes
 * ({@code miniray start --worker-mode process}): a task that ends its JVM fails alone.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class WorkerProcessesTest {
  @TempDir
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    assertThat(cli("start", "--head", "--port", "0", "--num-cpus", "2", "--worker-mode", "process")).isZero();
    String head = CliAt.headAddress(home);
    assertThat(cli("start", "--address", head, "--num-cpus", "2", "--worker-mode", "process")).isZero();
    Ray.init(CliAt.driverConfig(home));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
    assertThat(cli("stop")).isZero();
  }

  private static int cli(String... args) {
    return CliAt.run(home, args);
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static int exit() {
    System.exit(1);
    return 0;
  }

  static int answer() {
    return 42;
  }

  static int parent() {
    return Ray.task(WorkerProcessesTest::answer).remote().get() + 1;
  }

  @Test
  void tasksRunInWorkerProcessesNotInTheirNodes() throws Exception {
    Set<Long> started = new HashSet<>();
    for (String line : Files.readAllLines(home.resolve("processes"))) {
      if (!line.isBlank()) {
        started.add(Long.parseLong(line.trim()));
      }
    }
    assertThat(started).as("the head and the node").hasSize(2);
    List<ObjectRef<Long>> pids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pids.add(Ray.task(WorkerProcessesTest::pid).remote());
    }
    List<Long> ran = Ray.get(pids, 120_000);
    assertThat(ran).doesNotContain(ProcessHandle.current().pid()).doesNotContainAnyElementsOf(started);
  }

  @Test
  void aTaskThatEndsItsJvmFailsAloneAndTheClusterGoesOn() {
    RayWorkerException e = catchThrowableOfType(
        () -> Ray.task(WorkerProcessesTest::exit).setMaxRetries(1).remote().get(120_000), RayWorkerException.class);
    assertThat(e.getMessage()).contains("WorkerProcessesTest.exit", "exited with code 1", "1 retries");
    assertThat(Ray.task(WorkerProcessesTest::answer).remote().get(120_000)).isEqualTo(42);
    List<NodeInfo> nodes = Ray.getRuntimeContext().getAllNodeInfo();
    assertThat(nodes).filteredOn(n -> n.nodeId.name().startsWith("head@") || n.nodeId.name().startsWith("node@"))
        .hasSize(2).allSatisfy(n -> assertThat(n.isAlive).as(n.toString()).isTrue());
  }

  @Test
  void aTaskInAWorkerSubmitsAndGetsItsOwnTasks() {
    assertThat(Ray.task(WorkerProcessesTest::parent).remote().get(120_000)).isEqualTo(43);
  }
}
