package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.miniray.fault.FaultClusters.awaitDeath;
import static org.miniray.fault.FaultClusters.awaitLocation;
import static org.miniray.fault.FaultClusters.cluster;
import static org.miniray.fault.FaultClusters.executions;
import static org.miniray.fault.FaultClusters.ran;
import static org.miniray.fault.FaultClusters.start;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayException;
import org.miniray.api.exception.UnreconstructableException;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.labs.Points;
import org.miniray.node.Node;
import org.miniray.runtime.ObjectRefImpl;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.ResourceSet;

/**
 * Tasks survive node deaths and worker crashes (paper sections 4.2.3 and 5.1). The tests of
 * lineage re-execution are lab 3's part 2 (the replayer in a running cluster).
 */
class TaskFaultToleranceTest {
  private static final AtomicInteger runs = new AtomicInteger();
  private String run;

  @BeforeEach
  void label() {
    run = "r" + runs.incrementAndGet() + "-";
  }

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  public static int step(int x, String label) {
    ran(label);
    return 2 * x + 1;
  }

  public static int add(int a, int b, String label) {
    ran(label);
    return a + b;
  }

  /** Its worker dies the first {@code deaths} times it runs. */
  public static int diesFirst(int deaths, String label) {
    ran(label);
    if (FaultClusters.executions(label) <= deaths) {
      throw new Error("the worker running " + label + " lost its process");
    }
    return 42;
  }

  /** Sleeps {@code ms}, then returns {@code x}. */
  public static int slowly(int x, long ms) throws InterruptedException {
    Thread.sleep(ms);
    return x;
  }

  @Test
  void aNodeDeclaredDeadWhileItRunsStopsAndTellsItsWaitersWhy() {
    // Issue 15, item 3: a process wrongly declared dead is never silently useless.
    start(2, Map.of(1, "CPU=2,one=1"), Map.of());
    ObjectRef<Integer> slow = Ray.task(TaskFaultToleranceTest::slowly, 7, 60_000L).remote();
    Node one = cluster().nodes().stream().filter(n -> n.id().value().equals("node-1")).findFirst().orElseThrow();
    CompletableFuture<SerializedObject> waiting = one.objects().fetch(FaultClusters.idOf(slow));
    cluster().gcs().nodeTable().markDead(one.id()).join(); // as the monitor would, of a node too slow to heartbeat
    assertThat(waiting).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
        .withMessageContaining("node-1 was declared dead by the cluster while it ran")
        .withMessageContaining("heartbeat timeout");
    assertThat(one.isKilled()).as("fenced: it stopped").isTrue();
  }

  @Test
  void deadNodeIsDetectedWithinTheTimeout() {
    start(3, Map.of(1, "CPU=2,one=1"), Map.of());
    ObjectRef<Integer> x = Ray.task(TaskFaultToleranceTest::step, 1, run + "x").setResource("one", 1.0).remote();
    NodeId one = awaitLocation(x);
    long killedAt = System.nanoTime();
    cluster().faults().kill(one);
    awaitDeath(one);
    long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(tookMs).as("detection time of a node silent since its kill").isBetween(
        FaultClusters.TIMEOUT_MS - 2 * FaultClusters.HEARTBEAT_MS, FaultClusters.TIMEOUT_MS * 3 / 2 + 100);
    // The monitor marks the node dead first and removes its copies after: wait for the second step.
    Awaitility.await("the dead node's copies leave the object table").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> assertThat(
            cluster().gcs().objectTable().lookup(FaultClusters.idOf(x)).join().orElseThrow().locations())
            .as("locations of an object whose only copy was on the dead node").isEmpty());
    assertThat(FaultClusters.isDead(new NodeId("node-2"))).as("a live node was declared dead").isFalse();
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part2")
  @Points(10)
  @DisplayName("a chain's result whose node died is rebuilt from lineage, and only it runs again")
  @Timeout(60)
  void lostObjectIsRebuiltFromLineage() {
    start(3, Map.of(0, "CPU=1", 1, "CPU=2,w=1", 2, "CPU=2,w=1"), FaultClusters.GRADING);
    ObjectRef<Integer> a = Ray.task(TaskFaultToleranceTest::step, 1, run + "a").setResource("w", 1.0).remote();
    ObjectRef<Integer> b = Ray.task(TaskFaultToleranceTest::step, a, run + "b").setResource("w", 1.0).remote();
    ObjectRef<Integer> c = Ray.task(TaskFaultToleranceTest::step, b, run + "c").setResource("w", 1.0).remote();
    NodeId holder = awaitLocation(c);
    cluster().faults().kill(holder);
    cluster().addNode(ResourceSet.parse("CPU=2,w=1"));
    assertThat(Ray.get(c, 20_000)).as("c = step(step(step(1))) after its node died").isEqualTo(15);
    assertThat(executions(run + "c")).as("runs of c, whose only copy was lost").isEqualTo(2);
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part2")
  @Points(12)
  @DisplayName("after a node dies only the lost objects that are needed, and no others, run again")
  @Timeout(60)
  void onlyAncestorsOfLostObjectsRerun() {
    start(3, Map.of(0, "CPU=1", 1, "CPU=2,one=1", 2, "CPU=2,two=1"), FaultClusters.GRADING);
    ObjectRef<Integer> x = Ray.task(TaskFaultToleranceTest::step, 1, run + "x").setResource("one", 1.0).remote();
    ObjectRef<Integer> y = Ray.task(TaskFaultToleranceTest::step, x, run + "y").setResource("two", 1.0).remote();
    ObjectRef<Integer> z = Ray.task(TaskFaultToleranceTest::step, 5, run + "z").setResource("two", 1.0).remote();
    ObjectRef<Integer> w = Ray.task(TaskFaultToleranceTest::add, x, 2, run + "w").setResource("one", 1.0).remote();
    NodeId two = awaitLocation(y);
    awaitLocation(z);
    awaitLocation(w);
    cluster().faults().kill(two);
    awaitDeath(two);
    cluster().addNode(ResourceSet.parse("CPU=2,two=1"));
    assertThat(Ray.get(y, 20_000)).as("y, lost with node-2").isEqualTo(7);
    assertThat(Ray.get(w, 20_000)).as("w, never lost").isEqualTo(5);
    assertThat(executions(run + "y")).as("runs of y (lost, needed)").isEqualTo(2);
    assertThat(executions(run + "x")).as("runs of x (its copy on node-1 survived)").isEqualTo(1);
    assertThat(executions(run + "z")).as("runs of z (lost, but nobody asked for it)").isEqualTo(1);
    assertThat(executions(run + "w")).as("runs of w (never lost)").isEqualTo(1);
  }

  @Test
  @Tag("lab3")
  @Tag("lab3-part2")
  @Points(8)
  @DisplayName("get of a put object whose creator died throws UnreconstructableException naming it")
  @Timeout(60)
  void putObjectOfDeadCreatorIsUnreconstructable() {
    start(2, Map.of(), FaultClusters.GRADING);
    Node creator = cluster().nodes().get(1);
    ObjectId id = ObjectId.forPut(TaskId.forChild(TaskId.forDriver(new org.miniray.id.JobId(99)), 1), 1);
    creator.objects().putPrimary(id, cluster().serializer().serialize("kept by node-1 only"));
    ObjectRef<String> ref = new ObjectRefImpl<>(id);
    awaitLocation(ref);
    cluster().faults().kill(creator.id());
    assertThatThrownBy(() -> Ray.get(ref, 20_000))
        .as("get of a put object whose creator died")
        .isInstanceOf(UnreconstructableException.class)
        .hasMessageContaining(id.toString());
  }

  @Test
  void workerCrashIsRetriedWithinBudget() {
    start(2, Map.of(), Map.of());
    cluster().faults().crashWorkers("flaky", 2);
    ObjectRef<Integer> r = Ray.task(TaskFaultToleranceTest::step, 3, run + "f").setName("flaky").setMaxRetries(2)
        .remote();
    assertThat(Ray.get(r, 20_000)).as("a task whose first two workers crashed, with 2 retries").isEqualTo(7);

    ObjectRef<Integer> own = Ray.task(TaskFaultToleranceTest::diesFirst, 1, run + "d").remote();
    assertThat(Ray.get(own, 20_000)).as("a task that killed its own worker once").isEqualTo(42);
    assertThat(executions(run + "d")).isEqualTo(2);

    cluster().faults().crashWorkers("doomed", 3);
    ObjectRef<Integer> doomed = Ray.task(TaskFaultToleranceTest::step, 3, run + "g").setName("doomed")
        .setMaxRetries(2).remote();
    assertThatThrownBy(() -> Ray.get(doomed, 20_000)).as("a task whose three workers crashed, with 2 retries")
        .isInstanceOf(RayException.class).hasMessageContaining("retries");
    assertThat(executions(run + "g")).as("runs of the doomed task's body").isZero();
  }
}
