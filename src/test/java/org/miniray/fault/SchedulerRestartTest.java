package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.fault.FaultClusters.cluster;
import static org.miniray.fault.FaultClusters.executions;
import static org.miniray.fault.FaultClusters.ran;
import static org.miniray.fault.FaultClusters.start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.node.Node;
import org.miniray.task.TaskSpec;

/**
 * The schedulers keep no state the GCS does not have (paper section 4.2.1): a global scheduler
 * or a node's local scheduler restarted in the middle of a job, its memory gone, rebuilds what
 * it held from the task table, and the job finishes with the answer it has without a restart,
 * each task run once. With the in-memory GCS and with ZooKeeper (an embedded server).
 */
@Timeout(120)
class SchedulerRestartTest {
  private static final int WIDTH = 40;
  private static final int LAYERS = 7; // 280 tasks
  private static final AtomicInteger runs = new AtomicInteger();
  private String run;

  @BeforeEach
  void label() {
    run = "restart" + runs.incrementAndGet() + "-";
  }

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  public static long leaf(int i, String label) throws InterruptedException {
    ran(label);
    Thread.sleep(20); // the first layer takes long enough for queues to form
    return i + 1;
  }

  public static long combine(long a, long b, String label) throws InterruptedException {
    ran(label);
    Thread.sleep(5);
    return (3 * a + b) % 1_000_003;
  }

  /** Node 0 (the driver's) has no CPU, so every task goes through the global scheduler to nodes 1 and 2. */
  private static void startCluster(String gcs) {
    start(3, Map.of(0, "CPU=0"), Map.of("miniray.gcs", gcs));
  }

  /** Layers of tasks, each taking two results of the layer before; returns the last layer. */
  private List<ObjectRef<Long>> submitJob() {
    List<ObjectRef<Long>> layer = new ArrayList<>();
    for (int j = 0; j < WIDTH; j++) {
      layer.add(Ray.task(SchedulerRestartTest::leaf, j, run + "0-" + j).remote());
    }
    for (int k = 1; k < LAYERS; k++) {
      List<ObjectRef<Long>> next = new ArrayList<>();
      for (int j = 0; j < WIDTH; j++) {
        next.add(Ray.task(SchedulerRestartTest::combine, layer.get(j), layer.get((j + 1) % WIDTH), run + k + "-" + j)
            .remote());
      }
      layer = next;
    }
    return layer;
  }

  /** What the job returns when nothing fails, computed here. */
  private static List<Long> expected() {
    long[] layer = new long[WIDTH];
    for (int j = 0; j < WIDTH; j++) {
      layer[j] = j + 1;
    }
    for (int k = 1; k < LAYERS; k++) {
      long[] next = new long[WIDTH];
      for (int j = 0; j < WIDTH; j++) {
        next[j] = (3 * layer[j] + layer[(j + 1) % WIDTH]) % 1_000_003;
      }
      layer = next;
    }
    List<Long> out = new ArrayList<>();
    for (long v : layer) {
      out.add(v);
    }
    return out;
  }

  private int started() {
    return (int) FaultClusters.EXECUTIONS.keySet().stream().filter(l -> l.startsWith(run)).count();
  }

  private void awaitStarted(int tasks) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
        .until(() -> started() >= tasks);
  }

  private void assertEachTaskRanOnce() {
    List<String> notOnce = new ArrayList<>();
    for (int k = 0; k < LAYERS; k++) {
      for (int j = 0; j < WIDTH; j++) {
        int n = executions(run + k + "-" + j);
        if (n != 1) {
          notOnce.add("layer " + k + " task " + j + " ran " + n + " times");
        }
      }
    }
    assertThat(notOnce).as("tasks that did not run exactly once").isEmpty();
  }

  @ParameterizedTest(name = "gcs={0}")
  @ValueSource(strings = {"memory", "zookeeper"})
  void globalSchedulerRestartedMidJobRebuildsFromTheGcs(String gcs) {
    startCluster(gcs);
    List<ObjectRef<Long>> last = submitJob();
    awaitStarted(WIDTH + WIDTH / 2); // the first layer done: the later ones wait at the global scheduler

    List<TaskSpec> taken = cluster().restartGlobalScheduler(0);

    assertThat(taken).as("tasks the new global scheduler found FORWARDED in the task table").isNotEmpty()
        .allMatch(t -> t.name().contains("combine"), "are tasks of the job's later layers");
    assertThat(Ray.get(last)).as("the last layer after a global scheduler restart").isEqualTo(expected());
    assertEachTaskRanOnce();
    System.out.printf("global scheduler restarted (gcs=%s) after %d tasks started: took back %d forwarded tasks;"
        + " all %d tasks ran once, results as without a restart%n", gcs, WIDTH + WIDTH / 2, taken.size(),
        WIDTH * LAYERS);
  }

  @ParameterizedTest(name = "gcs={0}")
  @ValueSource(strings = {"memory", "zookeeper"})
  void localSchedulerRestartedMidJobRebuildsFromTheGcs(String gcs) {
    startCluster(gcs);
    Node one = cluster().nodes().get(1);
    List<ObjectRef<Long>> last = submitJob();
    // The first layer's 40 tasks are spread over 4 CPUs: restart while some wait in node 1's queue.
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
        .until(() -> one.scheduler().queueLength() >= 4);

    Node.Rebuilt rebuilt = one.restartLocalScheduler();

    assertThat(rebuilt.queued()).as("tasks the new local scheduler queued from the task table").isNotEmpty();
    assertThat(rebuilt.running()).as("tasks it took over running").isBetween(0, 2);
    assertThat(Ray.get(last)).as("the last layer after a local scheduler restart").isEqualTo(expected());
    assertEachTaskRanOnce();
    // Every resource came back once: none lost with the old scheduler, none given back twice.
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> one.scheduler().queueLength() == 0 && one.scheduler().available().equals(one.scheduler().total()));
    System.out.printf("local scheduler of %s restarted (gcs=%s): took over %d running tasks, queued %d from the"
        + " task table; all %d tasks ran once, results as without a restart%n", one.id(), gcs, rebuilt.running(),
        rebuilt.queued().size(), WIDTH * LAYERS);
  }
}
