package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayException;

/**
 * Issue 15, failing fast where nothing can survive: a head whose GCS lives inside it (the default)
 * is killed with SIGKILL while this JVM's driver waits in a {@code get}. The driver is told within
 * the heartbeat timeout plus 5 s, by an exception naming the head and saying that its GCS does not
 * survive a restart; the node, still running, registers with the head started again with the same
 * command, and a new driver's task runs on it (the head has no CPU of its own).
 */
@ExtendWith(ProcessLogsOnFailure.class)
class HeadLossProcessesTest {
  @TempDir
  Path home;

  @AfterEach
  void stop() {
    Ray.shutdown();
    CliAt.run(home, "stop");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aDriverHearsOfItsHeadsDeathAndTheNodeJoinsTheRestartedHead() throws Exception {
    // The driver waits for the head's heartbeat timeout, not its own (2 s by default).
    long timeoutMs = 3_000;
    assertThat(CliAt.run(home, "start", "--head", "--port", "0", "--num-cpus", "0", "--heartbeat-timeout-ms",
        Long.toString(timeoutMs))).as("start the head").isZero();
    String head = CliAt.headAddress(home);
    assertThat(CliAt.run(home, "start", "--address", head, "--num-cpus", "1")).as("start a node").isZero();
    long headPid = Long.parseLong(Files.readAllLines(home.resolve("processes")).get(0).trim());
    Map<String, String> driver = CliAt.driverConfig(home);
    Ray.init(driver);
    assertThat(Ray.get(Ray.task(HeadLossProcessesTest::twice, 21).remote())).as("a task before the kill").isEqualTo(42);

    ObjectRef<Integer> slow = Ray.task(HeadLossProcessesTest::sleepThenTwice, 60_000L, 1).remote();
    CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> Ray.get(slow));
    ProcessHandle process = ProcessHandle.of(headPid).orElseThrow();
    process.destroyForcibly();
    long killedAt = System.nanoTime();
    assertThat(process.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();

    Awaitility.await("the driver's get fails").atMost(Duration.ofMillis(timeoutMs + 5_000))
        .until(waiting::isDone);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertThatThrownBy(waiting::join).hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause().hasMessageContaining("the head at " + head)
        .hasMessageContaining("does not survive a head restart");
    assertThat(tookMs).as("ms from the kill to the driver's error").isLessThan(timeoutMs + 5_000);
    assertThatThrownBy(() -> Ray.get(slow)).as("a later get fails the same way").isInstanceOf(RayException.class)
        .hasMessageContaining("the head at " + head);
    Ray.shutdown();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = CliAt.run(home, "status");
    } finally {
      System.setErr(stderr);
    }
    assertThat(status).as("miniray status with the head dead").isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no head answers at " + head)
        .contains("a GCS inside the head");

    // The same command again, on the same port: a new head, with a new, empty GCS.
    String port = head.substring(head.lastIndexOf(':') + 1);
    assertThat(CliAt.run(home, "start", "--head", "--port", port, "--num-cpus", "0", "--heartbeat-timeout-ms",
        Long.toString(timeoutMs))).as("restart the head").isZero();
    Ray.init(driver);
    // Only the node has a CPU: the task runs once the node has registered with the new head.
    ObjectRef<Integer> after = Ray.task(HeadLossProcessesTest::twice, 50).remote();
    assertThat(Ray.get(after, 60_000)).as("a task of a new driver, on the node that registered again").isEqualTo(100);
    List<String> nodes = Ray.getRuntimeContext().getAllNodeInfo().stream().map(n -> n.nodeAddress).toList();
    assertThat(nodes).as("nodes the restarted head knows").hasSizeGreaterThanOrEqualTo(2);
  }

  static int twice(int x) {
    return 2 * x;
  }

  static int sleepThenTwice(long ms, int x) throws InterruptedException {
    Thread.sleep(ms);
    return 2 * x;
  }
}
