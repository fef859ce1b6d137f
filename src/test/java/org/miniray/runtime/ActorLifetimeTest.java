package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ActorHandle;
import org.miniray.api.Ray;
import org.miniray.api.options.ActorLifetime;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.id.ActorId;

/**
 * A job's actors end with it, as in Ray: when its driver shuts down, or when its driver is
 * declared dead; a detached actor outlives it, and an ended actor's name is free again.
 */
class ActorLifetimeTest {

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  /** An actor that answers. */
  public static final class Ping {
    public int ping() {
      return 1;
    }
  }

  private static Gcs gcs() {
    return ((MinirayRuntime) Ray.internal()).deployment().gcs();
  }

  private static ActorId idOf(ActorHandle<?> a) {
    return ((ActorHandleImpl<?>) a).id();
  }

  private static ActorEntry entry(ActorId id) {
    return gcs().actorTable().lookup(id).join().orElseThrow();
  }

  @Test
  @Timeout(120)
  void aJobsActorsEndWithItsDriverAndADetachedOneOutlivesIt() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> team = new HashMap<>(Map.of("miniray.gcs", "zookeeper", "miniray.gcs.zookeeper.connect",
          zk.getConnectString(), "miniray.gcs.zookeeper.cluster", "lifetimes", "miniray.namespace", "team"));
      Ray.init(team);
      ActorHandle<Ping> worker = Ray.actor(Ping::new).setName("worker").remote();
      ActorHandle<Ping> keeper = Ray.actor(Ping::new).setName("keeper").setLifetime(ActorLifetime.DETACHED).remote();
      assertThat(worker.task(Ping::ping).remote().get(30_000) + keeper.task(Ping::ping).remote().get(30_000))
          .isEqualTo(2);
      ActorId workerId = idOf(worker);
      ActorId keeperId = idOf(keeper);
      String job = ((MinirayRuntime) Ray.internal()).deployment().job().hex();
      Ray.shutdown();

      Ray.init(team); // a later job of the same namespace
      ActorEntry ended = entry(workerId);
      assertThat(ended.state()).isEqualTo(ActorState.DEAD);
      assertThat(ended.deathCause()).isEqualTo("its job " + job + " ended (its driver shut down)");
      assertThat(entry(keeperId).state()).as("the detached actor").isEqualTo(ActorState.ALIVE);
      assertThat(Ray.<ActorHandle<Ping>>getActor("worker")).as("an ended actor's name").isEmpty();
      assertThat(Ray.<ActorHandle<Ping>>getActor("keeper")).isPresent();
      ActorHandle<Ping> again = Ray.actor(Ping::new).setName("worker").remote(); // the name is free again
      assertThat(again.task(Ping::ping).remote().get(30_000)).isEqualTo(1);
      // While ZooKeeper still runs: a shutdown after it stopped waits out every GCS write's timeout (45 s).
      Ray.shutdown();
    }
  }

  @Test
  @Timeout(60)
  void aJobsActorsEndWhenItsDriverIsDeclaredDead() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=2,spot=2",
        "miniray.heartbeat.interval.ms", "50", "miniray.heartbeat.timeout.ms", "600"));
    EmbeddedCluster cluster = ((MinirayRuntime) Ray.internal()).cluster();
    ActorHandle<Ping> worker = Ray.actor(Ping::new).setResource("spot", 1.0).remote();
    ActorHandle<Ping> keeper = Ray.actor(Ping::new).setResource("spot", 1.0).setLifetime(ActorLifetime.DETACHED)
        .remote();
    assertThat(worker.task(Ping::ping).remote().get(30_000) + keeper.task(Ping::ping).remote().get(30_000))
        .isEqualTo(2);

    cluster.faults().kill(0); // the driver's node

    ActorEntry ended = Awaitility.await("the job's actor ends").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10)).until(() -> entry(idOf(worker)), e -> e.state() == ActorState.DEAD);
    assertThat(ended.deathCause()).contains("ended (its driver died)");
    assertThat(entry(idOf(keeper)).state()).as("the detached actor").isEqualTo(ActorState.ALIVE);
  }
}
