package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.options.ActorCreationOptions;
import org.miniray.gcs.ActorState;
import org.miniray.id.NodeId;

/** Actor options as Ray programs set them: concurrency, and restarts without end. */
class ActorOptionsTest {
  static volatile CountDownLatch together;

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  /** Counts how many of its calls run at once. */
  public static final class Overlap {
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** Returns whether all {@code together}'s calls met inside the actor at once. */
    public boolean meet() throws InterruptedException {
      enter();
      try {
        together.countDown();
        return together.await(20, TimeUnit.SECONDS);
      } finally {
        inside.decrementAndGet();
      }
    }

    public int work(int n) {
      enter();
      try {
        long x = 0;
        for (int i = 0; i < 200_000; i++) {
          x += i % (n + 1);
        }
        return (int) (x & 1);
      } finally {
        inside.decrementAndGet();
      }
    }

    public int most() {
      return most.get();
    }

    private void enter() {
      int now = inside.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
    }
  }

  /** Reports where it runs. */
  public static final class Where {
    public String node() {
      return Ray.getRuntimeContext().getCurrentNodeId().name();
    }
  }

  @Test
  void callsOfAThreadedActorOverlapUpToItsConcurrency() {
    Ray.init(Map.of("miniray.nodes", "1", "miniray.node.resources", "CPU=2"));
    ActorHandle<Overlap> a = Ray.actor(Overlap::new).setMaxConcurrency(4).remote();
    together = new CountDownLatch(4);
    List<ObjectRef<Boolean>> met = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      met.add(a.task(Overlap::meet).remote());
    }
    assertThat(Ray.get(met, 30_000)).as("four calls inside the actor at once").containsOnly(true);
    assertThat(a.task(Overlap::most).remote().get()).isEqualTo(4);
  }

  @Test
  void callsOfADefaultActorNeverOverlap() {
    Ray.init(Map.of("miniray.nodes", "1", "miniray.node.resources", "CPU=4"));
    ActorHandle<Overlap> a = Ray.actor(Overlap::new).remote();
    List<ObjectRef<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(a.task(Overlap::work, i).remote());
    }
    Ray.get(calls, 30_000);
    assertThat(a.task(Overlap::most).remote().get()).isEqualTo(1);
  }

  @Test
  void badOptionsAreRefusedAtRemote() {
    Ray.init(Map.of("miniray.nodes", "1"));
    assertThatThrownBy(() -> Ray.actor(Overlap::new).setMaxConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setMaxConcurrency(0)");
    assertThatThrownBy(() -> Ray.actor(Overlap::new).setMaxConcurrency(2).setMaxRestarts(1).remote())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot also have setMaxRestarts(1)");
    assertThatThrownBy(() -> Ray.actor(Overlap::new).setMaxRestarts(-2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INFINITE_RESTART (-1)");
    assertThatThrownBy(() -> Ray.actor(Overlap::new).setJvmOptions(List.of("-Xmx1g", "Xss2m")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Xss2m' is not a JVM option");
  }

  @Test
  void jvmOptionsAreRecordedAndTheActorRuns() {
    Ray.init(Map.of("miniray.nodes", "1"));
    var creator = Ray.actor(Overlap::new).setJvmOptions(List.of("-Xmx1g", "-Dkey=value"));
    assertThat(creator.getJvmOptions()).containsExactly("-Xmx1g", "-Dkey=value");
    assertThat(creator.remote().task(Overlap::most).remote().get(30_000)).isZero();
  }

  @Test
  void anActorWithInfiniteRestartsOutlivesEveryDeathOfItsNode() {
    Map<String, String> c = new HashMap<>(Map.of("miniray.nodes", "4", "miniray.node.resources", "CPU=2,spot=1",
        "miniray.node.0.resources", "CPU=2", "miniray.heartbeat.interval.ms", "50",
        "miniray.heartbeat.timeout.ms", "1000"));
    Ray.init(c);
    EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
    ActorHandle<Where> a = Ray.actor(Where::new).setResource("spot", 1.0)
        .setMaxRestarts(ActorCreationOptions.INFINITE_RESTART).remote();
    org.miniray.id.ActorId id = ((ActorHandleImpl<?>) a).id();
    List<String> homes = new ArrayList<>();
    for (int death = 1; death <= 2; death++) {
      String home = a.task(Where::node).remote().get(30_000);
      homes.add(home);
      cluster.faults().kill(new NodeId(home));
      int restarts = death;
      Awaitility.await("restart " + death).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
          .until(() -> cluster.gcs().actorTable().lookup(id).join().orElseThrow(),
              e -> e.state() == ActorState.ALIVE && e.restarts() == restarts);
    }
    String last = a.task(Where::node).remote().get(30_000);
    assertThat(homes).doesNotContain(last);
  }
}
