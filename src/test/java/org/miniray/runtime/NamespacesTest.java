package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ActorHandle;
import org.miniray.api.Ray;
import org.miniray.api.options.ActorLifetime;
import org.miniray.config.ConfigException;

/**
 * Named actors live in namespaces, as in Ray: a job's own by default, so jobs do not see or
 * take each other's names; a namespace set at {@code Ray.init} is shared by the jobs that set it.
 */
class NamespacesTest {

  @AfterEach
  void stop() {
    if (Ray.isInitialized()) {
      Ray.shutdown();
    }
  }

  /** An actor to name. */
  public static final class Named {
    public String namespace() {
      return Ray.getRuntimeContext().getNamespace();
    }
  }

  static String namespaceInATask() {
    return Ray.getRuntimeContext().getNamespace();
  }

  @Test
  void aJobHasANamespaceOfItsOwnSeenByItsTasksAndActors() {
    Ray.init(Map.of("miniray.nodes", "2"));
    String own = Ray.getRuntimeContext().getNamespace();
    assertThat(own).isEqualTo("job-" + ((MinirayRuntime) Ray.internal()).deployment().job().hex());
    assertThat(Ray.task(NamespacesTest::namespaceInATask).remote().get()).isEqualTo(own);
    ActorHandle<Named> a = Ray.actor(Named::new).setName("ledger").remote();
    assertThat(a.task(Named::namespace).remote().get()).isEqualTo(own);
    assertThat(Ray.<ActorHandle<Named>>getActor("ledger")).contains(a);
    assertThat(Ray.<ActorHandle<Named>>getActor("ledger", own)).contains(a);
    assertThat(Ray.<ActorHandle<Named>>getActor("ledger", "elsewhere")).isEmpty();
    assertThatThrownBy(() -> Ray.getActor("ledger", "a/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without '/'");
  }

  @Test
  void aBadNamespaceIsRefusedAtInit() {
    for (String bad : new String[] {"a/b", "job-01000000"}) {
      assertThatThrownBy(() -> Ray.init(Map.of("miniray.namespace", bad))).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageContaining("miniray.namespace")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  @Timeout(120)
  void jobsKeepTheirNamesApartUnlessTheyShareANamespace() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> gcs = Map.of("miniray.gcs", "zookeeper", "miniray.gcs.zookeeper.connect",
          zk.getConnectString(), "miniray.gcs.zookeeper.cluster", "namespaces");
      Ray.init(gcs);
      String first = Ray.getRuntimeContext().getNamespace();
      Ray.actor(Named::new).setName("ledger").setLifetime(ActorLifetime.DETACHED).remote(); // outlives its job
      Ray.shutdown();

      Ray.init(gcs); // a second job, in a namespace of its own
      assertThat(Ray.getRuntimeContext().getNamespace()).isNotEqualTo(first);
      assertThat(Ray.<ActorHandle<Named>>getActor("ledger")).as("the first job's name, from the second").isEmpty();
      assertThat(Ray.<ActorHandle<Named>>getActor("ledger", first)).as("looked up in the first job's namespace")
          .isPresent();
      Ray.actor(Named::new).setName("ledger").remote(); // its own: no clash
      Ray.shutdown();

      Map<String, String> team = new HashMap<>(gcs);
      team.put("miniray.namespace", "team");
      Ray.init(team);
      assertThat(Ray.getRuntimeContext().getNamespace()).isEqualTo("team");
      Ray.actor(Named::new).setName("shared").setLifetime(ActorLifetime.DETACHED).remote();
      Ray.shutdown();

      Ray.init(team); // a later job of the same namespace sees the name, and cannot take it
      assertThat(Ray.<ActorHandle<Named>>getActor("shared")).isPresent();
      assertThatThrownBy(() -> Ray.actor(Named::new).setName("shared").remote())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team/shared");
      Ray.shutdown(); // while ZooKeeper still runs: after, it would wait out every GCS write's timeout
    }
  }
}
