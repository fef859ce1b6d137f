package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.node.TaskContext;
import org.miniray.runtime.LibraryValues;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;
import org.miniray.task.TaskStatus;

/**
 * A real cluster of processes on loopback, started with the command line as a user would: a
 * head and two nodes, each its own JVM; this JVM is the driver.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class ClusterProcessesTest {
  @TempDir
  static Path home;
  static String head;

  @BeforeAll
  static void start() throws Exception {
    assertThat(cli("start", "--head", "--port", "0", "--num-cpus", "2")).isZero();
    head = CliAt.headAddress(home);
    assertThat(cli("start", "--address", head, "--num-cpus", "2", "--resources", "{\"big\": 1}")).isZero();
    assertThat(cli("start", "--address", head, "--num-cpus", "2")).isZero();
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

  private static String status() {
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(cli("status")).isZero();
    } finally {
      System.setOut(before);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String whereAmI() {
    return TaskContext.current().node().id().value();
  }

  static long fib(int n) {
    if (n < 2) {
      return n;
    }
    return Ray.get(Ray.task(ClusterProcessesTest::fib, n - 1).remote())
        + Ray.get(Ray.task(ClusterProcessesTest::fib, n - 2).remote());
  }

  static byte[] bigObject(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i += 4096) {
      b[i] = (byte) (i / 4096);
    }
    b[size - 1] = 42;
    return b;
  }

  static long checksum(byte[] b) {
    long s = 0;
    for (int i = 0; i < b.length; i += 4096) {
      s += b[i];
    }
    return s + b[b.length - 1];
  }

  public static final class Counter {
    private int n;

    public Counter() {}

    public int add(int d) {
      n += d;
      return n;
    }
  }

  /** A standby head needs a GCS outside the head; with the default in-head GCS a second head is refused. */
  @Test
  void aSecondHeadOnAGcsInsideTheHeadIsRefused() {
    String printed = CliAt.printed(home, 2, "start", "--head", "--port", "0", "--num-cpus", "1");
    assertThat(printed).contains("a head already runs at " + head)
        .contains("a second head cannot stand by for it").contains("--gcs zk://");
  }

  @Test
  void tasksRunOnTheNodeProcessesNotTheDriver() {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      refs.add(Ray.task(ClusterProcessesTest::whereAmI).remote());
    }
    List<String> where = Ray.get(refs, 60_000);
    assertThat(where).allMatch(w -> w.startsWith("head@") || w.startsWith("node@"));
  }

  @Test
  void aDriversTaskThatFitsTheHeadRunsThereAndItsRowSaysSo() {
    // The head has 2 CPUs and an empty queue: its local scheduler keeps what the driver submits.
    ObjectRef<String> ref = Ray.task(ClusterProcessesTest::whereAmI).remote();
    String ranOn = ref.get(60_000);
    assertThat(ranOn).as("where a driver's task ran").startsWith("head@");
    // The head's GCS (ZooKeeper) serves reads from a replica that may lag its writes by a moment.
    TaskEntry row = Awaitility.await("the task's row, FINISHED").atMost(Duration.ofSeconds(20))
        .until(() -> ((MinirayRuntime) Ray.internal()).deployment().gcs().taskTable()
            .lookup(((ObjectRefImpl<?>) ref).id().task()).join()
            .filter(e -> e.status() == TaskStatus.FINISHED), java.util.Optional::isPresent).orElseThrow();
    assertThat(row.node()).as("the node its task-table row names").isEqualTo(new NodeId(ranOn));
    assertThat(row.attempt()).as("attempts: kept by the head, it was never forwarded and placed again").isEqualTo(1);
    // A task the head cannot run still goes through the global scheduler to a node that can.
    assertThat(Ray.task(ClusterProcessesTest::whereAmI).setResource("big", 1.0).remote().get(60_000))
        .startsWith("node@");
  }

  @Test
  void aBurstOfADriversTasksReachesTheHeadWithEveryRowAndRunsOnce() {
    // Submitted faster than the connection sends: they go in batches, each carrying its tasks' rows.
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      refs.add(Ray.task(ClusterProcessesTest::whereAmI).remote());
    }
    assertThat(Ray.get(refs, 60_000)).as("where each task ran").hasSize(300)
        .allMatch(w -> w.startsWith("head@") || w.startsWith("node@"));
    var tasks = ((MinirayRuntime) Ray.internal()).deployment().gcs().taskTable();
    for (ObjectRef<String> ref : refs) {
      TaskEntry row = Awaitility.await("a row FINISHED").atMost(Duration.ofSeconds(20))
          .until(() -> tasks.lookup(((ObjectRefImpl<?>) ref).id().task()).join()
              .filter(e -> e.status() == TaskStatus.FINISHED), java.util.Optional::isPresent).orElseThrow();
      assertThat(row.spec().taskId()).as("the row's spec, written by the head from the submit")
          .isEqualTo(((ObjectRefImpl<?>) ref).id().task());
      assertThat(row.attempt()).as("attempts of %s: placed once", row.spec().taskId()).isEqualTo(1);
    }
  }

  @Test
  void anActorKilledWithRestartAcrossProcessesReplaysItsCalls() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).setMaxRestarts(1).remote();
    for (int i = 0; i < 10; i++) {
      c.task(Counter::add, 1).remote();
    }
    assertThat(c.task(Counter::add, 0).remote().get(60_000)).isEqualTo(10);
    c.kill(false);
    assertThat(c.task(Counter::add, 1).remote().get(60_000)).isEqualTo(11);
    assertThat(Ray.getRuntimeContext().isLocalMode()).as("a cluster of processes").isFalse();
  }

  @Test
  void libraryValuesCrossProcesses() {
    LibraryValues.passThroughTasksActorsAndPut(60_000);
  }

  @Test
  void nestedTasksFanOutAcrossProcesses() {
    assertThat(Ray.task(ClusterProcessesTest::fib, 10).remote().get(120_000)).isEqualTo(55L);
  }

  @Test
  void actorKeepsStateAcrossProcesses() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).remote();
    for (int i = 0; i < 20; i++) {
      c.task(Counter::add, 1).remote();
    }
    assertThat(c.task(Counter::add, 0).remote().get(60_000)).isEqualTo(20);
  }

  @Test
  void hundredMegabyteObjectCrossesBetweenNodes() {
    // Made on the node with the "big" resource, read by a task elsewhere and by the driver.
    ObjectRef<byte[]> big = Ray.task(ClusterProcessesTest::bigObject, 100_000_000).setResource("big", 1.0).remote();
    long expected = checksum(bigObject(100_000_000));
    assertThat(Ray.task(ClusterProcessesTest::checksum, big).remote().get(120_000)).isEqualTo(expected);
    assertThat(checksum(big.get(120_000))).isEqualTo(expected);
  }

  @Test
  void largePutIsServedFromTheDriversSlabsAndFreedEverywhere() {
    // 3 MiB: kept in the driver store's off-heap slabs; a node pulls it from there.
    byte[] mine = bigObject(3 << 20);
    long expected = checksum(mine);
    ObjectRef<byte[]> put = Ray.put(mine);
    mine[0] = 99; // the store keeps its own copy
    ObjectId id = ((ObjectRefImpl<byte[]>) put).id();
    assertThat(Ray.task(ClusterProcessesTest::checksum, put).setResource("big", 1.0).remote().get(60_000))
        .isEqualTo(expected);
    assertThat(checksum(put.get(10_000))).isEqualTo(expected);
    Ray.internal().free(List.of(put), false);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        !Ray.task(ClusterProcessesTest::holds, id).setResource("big", 1.0).remote().get(60_000));
    assertThatThrownBy(() -> put.get(10_000)).hasMessageContaining("was freed");
  }

  static boolean holds(ObjectId id) {
    return TaskContext.current().node().objects().store().contains(id);
  }

  @Test
  void freedObjectLeavesEveryProcessAndStaysGone() {
    ObjectRef<byte[]> made = Ray.task(ClusterProcessesTest::bigObject, 1_000_000).setResource("big", 1.0).remote();
    assertThat(made.get(60_000)).hasSize(1_000_000); // the driver's node now holds a copy too
    ObjectId id = ((ObjectRefImpl<byte[]>) made).id();
    assertThat(Ray.task(ClusterProcessesTest::holds, id).setResource("big", 1.0).remote().get(60_000)).isTrue();

    Ray.internal().free(List.of(made), false);

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        !Ray.task(ClusterProcessesTest::holds, id).setResource("big", 1.0).remote().get(60_000));
    assertThatThrownBy(() -> made.get(10_000)).hasMessageContaining("was freed");
    assertThatThrownBy(() -> Ray.task(ClusterProcessesTest::checksum, made).setResource("big", 1.0).remote().get(60_000))
        .hasMessageContaining("was freed");
  }

  @Test
  void aDriversOwnClassesRunOnNodesThatLackThem() throws Exception {
    // A second driver, in its own JVM, beside this one: its classes reach the nodes through the GCS.
    ShippedJob.runAndCheck(home.resolve("job"), head, home.resolve("cluster.token"));
  }

  @Test
  void statusShowsEveryNode() {
    String s = status();
    assertThat(s).contains("Cluster at " + head).contains("head@").contains("node@").contains("{CPU=2, big=1}")
        .contains("memory/capacity MB").contains("spilled MB");
    assertThat(s.lines().filter(l -> l.contains("node@") && l.contains(" alive ")))
        .as("each live node shows its store's capacity, 2 GiB by default")
        .isNotEmpty().allMatch(l -> l.contains("/" + String.format("%.1f", (2L << 30) / 1e6)));
  }

  @Test
  void killedNodeIsMarkedDeadWithinTheTimeout() throws Exception {
    // A fourth node, killed with SIGKILL: the head stops hearing its heartbeats and marks it dead.
    assertThat(cli("start", "--address", head, "--num-cpus", "1", "--resources", "{\"doomed\": 1}")).isZero();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status().contains("doomed=1"));
    List<String> pids = Files.readAllLines(home.resolve("processes"));
    ProcessHandle.of(Long.parseLong(pids.get(pids.size() - 1).trim())).orElseThrow().destroyForcibly();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status().lines()
        .anyMatch(l -> l.contains("doomed=1") && l.contains(" dead ")));
  }
}
