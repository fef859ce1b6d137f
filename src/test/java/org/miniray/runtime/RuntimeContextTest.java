package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.id.ActorId;
import org.miniray.api.id.JobId;
import org.miniray.api.id.TaskId;
import org.miniray.api.runtimecontext.NodeInfo;
import org.miniray.api.runtimecontext.RuntimeContext;
import org.miniray.gcs.ActorState;
import org.miniray.id.NodeId;

/** {@code Ray.getRuntimeContext()} as a Ray program uses it: in the driver, in tasks and in actors. */
class RuntimeContextTest {
  static volatile CountDownLatch together;

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  private static void start(Map<String, String> more) {
    java.util.HashMap<String, String> c = new java.util.HashMap<>(Map.of("miniray.nodes", "3",
        "miniray.node.resources", "CPU=2", "miniray.node.1.resources", "CPU=4,GPU=2",
        "miniray.node.2.resources", "CPU=2,spot=1"));
    c.putAll(more);
    Ray.init(c);
  }

  static String jobAndTask() {
    RuntimeContext c = Ray.getRuntimeContext();
    return c.getCurrentJobId() + "/" + c.getCurrentTaskId();
  }

  static List<Long> gpus() throws InterruptedException {
    together.countDown();
    together.await(20, TimeUnit.SECONDS); // both tasks hold their GPU at once
    return Ray.getRuntimeContext().getGpuIds();
  }

  static List<Long> noGpus() {
    return Ray.getRuntimeContext().getGpuIds();
  }

  static String node() {
    return Ray.getRuntimeContext().getCurrentNodeId().name();
  }

  static String actorOutside() {
    return Ray.getRuntimeContext().getCurrentActorId().toString();
  }

  /** An actor that reports on itself. */
  public static final class Self {
    private int calls;

    public String id() {
      return Ray.getRuntimeContext().getCurrentActorId().toString();
    }

    public int bump() {
      return ++calls;
    }

    /** Passes a handle to itself to a task, which calls it back. */
    public ObjectRef<Integer> viaTask() {
      ActorHandle<Self> me = Ray.getRuntimeContext().getCurrentActorHandle();
      return Ray.task(RuntimeContextTest::callBack, me).remote();
    }

    public boolean restarted() {
      return Ray.getRuntimeContext().wasCurrentActorRestarted();
    }

    public List<Long> gpus() {
      return Ray.getRuntimeContext().getGpuIds();
    }

    public String node() {
      return Ray.getRuntimeContext().getCurrentNodeId().name();
    }
  }

  static int callBack(ActorHandle<Self> actor) {
    return actor.task(Self::bump).remote().get();
  }

  @Test
  void theDriverTasksAndActorsShareTheJobEachTaskHasItsOwnId() {
    start(Map.of());
    RuntimeContext driver = Ray.getRuntimeContext();
    JobId job = driver.getCurrentJobId();
    assertThat(job.isNil()).isFalse();
    assertThat(job.toString()).hasSize(2 * JobId.LENGTH).isEqualTo(JobId.fromInt(job.toInt()).toString())
        .as("as miniray jobs shows it").isEqualTo(((MinirayRuntime) Ray.internal()).deployment().job().hex());
    TaskId driverTask = driver.getCurrentTaskId();

    List<String> seen = Ray.get(List.of(Ray.task(RuntimeContextTest::jobAndTask).remote(),
        Ray.task(RuntimeContextTest::jobAndTask).remote()));
    assertThat(seen).allSatisfy(s -> assertThat(s).startsWith(job + "/"));
    Set<String> tasks = new HashSet<>();
    for (String s : seen) {
      tasks.add(s.substring(s.indexOf('/') + 1));
    }
    assertThat(tasks).hasSize(2).doesNotContain(driverTask.toString());
  }

  @Test
  void anActorKnowsItsIdAndItsHandleOutsideAnActorThereIsNone() {
    start(Map.of());
    ActorHandle<Self> a = Ray.actor(Self::new).remote();
    ActorId id = a.getId();
    assertThat(id.isNil()).isFalse();
    assertThat(a.task(Self::id).remote().get()).isEqualTo(id.toString());
    assertThat(a.task(Self::viaTask).remote().get().get()).as("the call made through the actor's own handle")
        .isEqualTo(1);
    assertThat(a.task(Self::bump).remote().get()).isEqualTo(2);
    assertThat(Ray.getActor("none")).isEmpty();

    assertThatThrownBy(() -> Ray.getRuntimeContext().getCurrentActorId())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in an actor");
    assertThatThrownBy(() -> Ray.task(RuntimeContextTest::actorOutside).remote().get())
        .hasMessageContaining("not in an actor");
    assertThatThrownBy(() -> Ray.getRuntimeContext().wasCurrentActorRestarted())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nodesAndTheCurrentNode() {
    start(Map.of());
    RuntimeContext c = Ray.getRuntimeContext();
    assertThat(c.isLocalMode()).as("the embedded cluster is one JVM").isTrue();
    List<NodeInfo> nodes = c.getAllNodeInfo();
    assertThat(nodes).extracting(n -> n.nodeId.name()).containsExactlyInAnyOrder("node-0", "node-1", "node-2");
    assertThat(nodes).allSatisfy(n -> assertThat(n.isAlive).isTrue());
    assertThat(nodes).filteredOn(n -> n.nodeId.name().equals("node-1")).singleElement()
        .satisfies(n -> assertThat(n.resources).containsEntry("GPU", 2.0).containsEntry("CPU", 4.0));
    assertThat(c.getCurrentNodeId().name()).isEqualTo(((MinirayRuntime) Ray.internal()).driverNode().id().value());
    assertThat(Ray.task(RuntimeContextTest::node).setResource("spot", 1.0).remote().get()).isEqualTo("node-2");
  }

  @Test
  void tasksHoldingGpusGetDistinctIdsAndOthersNone() {
    start(Map.of());
    together = new CountDownLatch(2);
    List<ObjectRef<List<Long>>> both = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      both.add(Ray.task(RuntimeContextTest::gpus).setResource("GPU", 1.0).remote());
    }
    List<List<Long>> ids = Ray.get(both, 30_000);
    assertThat(ids).allSatisfy(l -> assertThat(l).hasSize(1));
    assertThat(List.of(ids.get(0).get(0), ids.get(1).get(0))).containsExactlyInAnyOrder(0L, 1L);
    assertThat(Ray.task(RuntimeContextTest::noGpus).remote().get()).isEmpty();
    assertThat(Ray.getRuntimeContext().getGpuIds()).as("the driver's").isEmpty();

    ActorHandle<Self> a = Ray.actor(Self::new).setResource("GPU", 2.0).remote();
    assertThat(a.task(Self::gpus).remote().get()).as("an actor holds its GPUs for its life").containsExactly(0L, 1L);
    assertThat(a.task(Self::gpus).remote().get()).containsExactly(0L, 1L);
  }

  @Test
  void aRestartedActorKnowsItWasRestarted() {
    start(Map.of("miniray.node.1.resources", "CPU=2,spot=1", "miniray.heartbeat.interval.ms", "50",
        "miniray.heartbeat.timeout.ms", "1000"));
    ActorHandle<Self> a = Ray.actor(Self::new).setResource("spot", 1.0).setMaxRestarts(1).remote();
    assertThat(a.task(Self::restarted).remote().get(20_000)).isFalse();
    String home = a.task(Self::node).remote().get(20_000);
    EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
    cluster.faults().kill(new NodeId(home));
    org.miniray.id.ActorId internal = ((ActorHandleImpl<?>) a).id();
    Awaitility.await("the restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
        .until(() -> cluster.gcs().actorTable().lookup(internal).join().orElseThrow(),
            e -> e.state() == ActorState.ALIVE && e.restarts() == 1);
    assertThat(a.task(Self::restarted).remote().get(20_000)).isTrue();
    assertThat(a.task(Self::node).remote().get(20_000)).isNotEqualTo(home);
  }
}
