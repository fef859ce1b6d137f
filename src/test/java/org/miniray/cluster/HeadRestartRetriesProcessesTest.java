package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayException;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import org.miniray.id.TaskId;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;

/**
 * Lineage retry budgets live in the task table, not in a head (issue 15): a task allowed one
 * retry, which it spent when its first node died with the head up, is not run a third time when
 * its second node dies while the head is down. The GCS is a three-server ensemble outside the head
 * ({@code --gcs zk://...}); a head with no {@code slot} resource and three node processes with one
 * each; this JVM is the driver, waiting for the task's result throughout. Each run of the task
 * leaves a file naming its process and then holds its slot, so a third run would show (a third
 * node stays idle, with a free slot, for it). With the count in the head's memory, the head
 * started again would run the task once more on that node and the driver would keep waiting.
 */
@Tag("stress") // 36 to 48 s in 4 runs: two failure detections of 10 s, a head restart, five JVMs on two cores
class HeadRestartRetriesProcessesTest {
  @TempDir
  Path home;
  @TempDir
  Path runs;
  private TestingCluster ensemble;

  @AfterEach
  void stop() throws Exception {
    CliAt.stopAll(home, ensemble);
  }

  /** Leaves a file naming this run's process in {@code dir}, then holds its slot until the process dies. */
  public static int holdSlot(String dir) throws Exception {
    Files.writeString(Path.of(dir, "run-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID()), "");
    Thread.sleep(TimeUnit.MINUTES.toMillis(10));
    return 0;
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aTaskThatSpentItsRetryBeforeTheHeadDiedIsNotRunAgainByTheNextHead() throws Exception {
    ensemble = EmbeddedZooKeeper.cluster(3, 200);
    ensemble.start();
    String[] headCommand = CliAt.startHead(home, "--num-cpus", "1", "--gcs", "zk://" + ensemble.getConnectString());
    for (int i = 0; i < 3; i++) {
      CliAt.printed(home, 0, "start", "--address", CliAt.headAddress(home), "--num-cpus", "1", "--resources",
          "{\"slot\": 1}");
    }
    List<Long> pids = CliAt.pids(home);
    Ray.init(CliAt.driverConfig(home));

    ObjectRef<Integer> result = Ray.task(HeadRestartRetriesProcessesTest::holdSlot, runs.toString())
        .setResource("slot", 1.0).setMaxRetries(1).remote();
    TaskId task = ((ObjectRefImpl<?>) result).id().task();
    // The driver waits for the result throughout: its fetch asks lineage at every node death.
    CompletableFuture<Integer> got = CompletableFuture.supplyAsync(() -> result.get(240_000));

    long first = runsSoFar(1).get(0);
    assertThat(pids.subList(1, 4)).as("the first run's process: a node, not the head").contains(first);
    CliAt.kill(first); // with the head up: lineage runs it again elsewhere, spending its one retry
    long second = runsSoFar(2).stream().filter(pid -> pid != first).findFirst().orElseThrow();
    assertThat(second).as("the second run's process").isIn(pids.subList(1, 4));
    assertThat(row(task).retries()).as("retries spent, in the task's row, before the head dies").isEqualTo(1);

    CliAt.kill(pids.get(0)); // the head
    CliAt.kill(second); // the task's second node, while the head is down
    CliAt.printed(home, 0, headCommand);

    assertThatThrownBy(() -> got.get(180, TimeUnit.SECONDS)).as("the driver's get of the task's result")
        .isInstanceOf(ExecutionException.class).cause().isExactlyInstanceOf(RayException.class)
        .hasMessageContaining("more often than its 1 retries allow (setMaxRetries)");
    assertThat(runFiles()).as("runs of the task (a third node had a free slot for a third)").hasSize(2);
    assertThat(row(task).retries()).as("retries spent, in the task's row, after the restart").isEqualTo(1);
  }

  /** The processes of the task's runs, once there are {@code n}. */
  private List<Long> runsSoFar(int n) throws Exception {
    Awaitility.await(n + " runs of the task").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> runFiles().size() >= n);
    return runFiles().stream().map(f -> Long.parseLong(f.getFileName().toString().split("-")[1])).toList();
  }

  private List<Path> runFiles() throws Exception {
    try (Stream<Path> files = Files.list(runs)) {
      return files.toList();
    }
  }

  private static TaskEntry row(TaskId task) {
    // Read through the head, whose GCS client may lag the ensemble by a moment.
    return Awaitility.await("the task's row").atMost(Duration.ofSeconds(30))
        .until(() -> ((MinirayRuntime) Ray.internal()).deployment().gcs().taskTable().lookup(task).join(),
            Optional::isPresent).orElseThrow();
  }
}
