package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;

/**
 * Issue 15, a standby head: the heads of one cluster elect the active one on the GCS's ensemble
 * ({@link HeadLatch}). The active head keeps its lead through the death of the ZooKeeper server it
 * talks to (its session moves to another server), and loses it, and says so, only when its
 * session ends; then the standby leads.
 */
class HeadLatchTest {
  private static final int SESSION_MS = 3_000;
  private TestingCluster ensemble;
  private HeadLatch active;
  private HeadLatch standby;
  private final AtomicInteger activeLost = new AtomicInteger();
  private final AtomicInteger standbyLost = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    ensemble = EmbeddedZooKeeper.cluster(3, 200);
    ensemble.start();
    active = HeadLatch.join(ensemble.getConnectString(), "latch-test", SESSION_MS, 10_000, "head-a",
        activeLost::incrementAndGet);
    assertThat(active.otherLeader(10_000)).as("the first head in the election leads").isEmpty();
    active.awaitLeadership();
    standby = HeadLatch.join(ensemble.getConnectString(), "latch-test", SESSION_MS, 10_000, "head-b",
        standbyLost::incrementAndGet);
  }

  @AfterEach
  void stop() throws Exception {
    standby.close();
    active.close();
    ensemble.close();
  }

  @Test
  void theSecondHeadStandsByAndSaysWhichHeadIsActive() throws Exception {
    assertThat(standby.otherLeader(10_000)).contains("head-a");
    assertThat(standby.leads()).isFalse();
    assertThat(active.describe()).isEqualTo("head-a (active), head-b (standby)");
  }

  @Test
  void theActiveHeadKeepsItsLeadWhenItsZooKeeperServerDies() throws Exception {
    ZooKeeper before = active.zooKeeper();
    long session = before.getSessionId();
    InstanceSpec server = ensemble.findConnectionInstance(before);
    assertThat(ensemble.killServer(server)).as("the active head's ZooKeeper server was killed").isTrue();

    Awaitility.await("the active head's client back on another server").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> active.zooKeeper().getState().isConnected() && !isOn(active.zooKeeper(), server));
    assertThat(active.zooKeeper().getSessionId()).as("the same session, moved").isEqualTo(session);
    assertThat(active.leads()).as("the active head still leads").isTrue();
    assertThat(activeLost).as("times the active head was told it lost its lead").hasValue(0);
    // The election's entries are read from the ensemble: the active head's is still first.
    assertThat(standby.otherLeader(10_000)).contains("head-a");
    assertThat(standby.leads()).isFalse();
  }

  @Test
  void whenTheActiveHeadsSessionEndsItIsToldAndTheStandbyLeads() throws Exception {
    active.zooKeeper().getTestable().injectSessionExpiration();

    Awaitility.await("the standby leads").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(standby::leads);
    Awaitility.await("the old active head told it lost its lead").atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(activeLost).hasValue(1));
    assertThat(active.leads()).isFalse();
    assertThat(standbyLost).hasValue(0);
  }

  private boolean isOn(ZooKeeper zk, InstanceSpec server) {
    try {
      return server.equals(ensemble.findConnectionInstance(zk));
    } catch (Exception e) {
      return false;
    }
  }
}
