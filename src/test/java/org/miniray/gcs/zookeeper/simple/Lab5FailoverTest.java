package org.miniray.gcs.zookeeper.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.bench.GcsBenchmark;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsContractTest;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.labs.Points;
import org.miniray.task.TaskStatus;

/**
 * Lab 5, part 2 (paper section 4.2.1, figure 10a): lab 5's GCS on a 3-server ensemble keeps
 * going while the leader is killed in the middle of a stream of writes. A writer and a
 * subscriber are separate clients. The run happens once, before the tests; each test grades
 * one of its claims, so a GCS that loses no write but never tells its subscribers earns the
 * first two parts.
 */
@Tag("lab5")
@Tag("lab5-part2")
@Tag("graded-only") // a 3-server ensemble; HandoutTest runs it on the reference and the handout
class Lab5FailoverTest {
  private static final int WRITES = 2_000;
  private static final int WINDOW = 200;
  private static final int WATCHED = 20;

  private static GcsBenchmark.StreamResult stream;
  private static InstanceSpec killed;
  private static long unreadable;
  private static int copiesRead;
  private static final Set<TaskId> heard = ConcurrentHashMap.newKeySet();
  private static final Set<TaskStatus> statuses = ConcurrentHashMap.newKeySet();
  private static final Set<NodeId> copiesHeard = ConcurrentHashMap.newKeySet();

  @BeforeAll
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  static void streamWritesWhileTheLeaderDies() throws Exception {
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, 100)) {
      cluster.start();
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("lab5-failover");
      InstanceSpec[] leader = new InstanceSpec[1];
      try (Gcs writer = new ZooKeeperSimpleGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options);
          Gcs reader = new ZooKeeperSimpleGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options)) {
        // The subscriber watches the last tasks of the stream, added after the leader died,
        // and an object whose copies are recorded after it.
        for (int i = WRITES - WATCHED + 1; i <= WRITES; i++) {
          reader.taskTable().subscribe(GcsBenchmark.task(i), e -> {
            heard.add(e.spec().taskId());
            statuses.add(e.status());
          });
        }
        ObjectId x = GcsBenchmark.task(WRITES).returnId(1);
        reader.objectTable().subscribe(x, e -> copiesHeard.addAll(e.locations()));

        stream = GcsBenchmark.streamTaskAdds(writer, 1, WRITES, WINDOW, () -> leader[0] = GcsBenchmark.killLeader(cluster));
        killed = leader[0];
        GcsContractTest.done(writer.taskTable().updateStatus(GcsBenchmark.task(WRITES), TaskStatus.RUNNING,
            new NodeId("node-1")));
        GcsContractTest.done(writer.objectTable().addLocation(x, new NodeId("node-1"), 64));
        GcsContractTest.done(writer.objectTable().addLocation(x, new NodeId("node-2"), 64));
        System.out.printf("lab 5 failover: %d of %d writes acknowledged, %d failed, longest stall %d ms after killing"
            + " leader %s%n", stream.acknowledged(), WRITES, stream.failed(), stream.longestStallMillis(),
            killed == null ? "(none)" : killed.getServerId());

        unreadable = stream.acked().stream()
            .filter(id -> GcsContractTest.done(reader.taskTable().lookup(id)).isEmpty()).count();
        copiesRead = GcsContractTest.done(reader.objectTable().lookup(x)).map(e -> e.locations().size()).orElse(0);
        try { // the subscriber's part is graded below; here the run only waits long enough for it
          Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
              .until(() -> heard.size() == WATCHED && statuses.contains(TaskStatus.RUNNING) && copiesHeard.size() == 2);
        } catch (ConditionTimeoutException e) {
          System.out.println("lab 5 failover: the subscriber had not heard of everything after 20 s");
        }
      }
      if (killed != null) {
        cluster.restartServer(killed);
      }
    }
  }

  @Test
  @Points(10)
  @DisplayName("with the ensemble's leader killed mid-stream, no write fails")
  void noWriteFailsWhileANewLeaderIsElected() {
    assertThat(killed).as("the leader that was killed").isNotNull();
    assertThat(stream.failed()).as("writes that failed while the ensemble elected a new leader").isZero();
  }

  @Test
  @Points(10)
  @DisplayName("every write acknowledged across the leader's death is readable by another client")
  void everyAcknowledgedWriteIsReadable() {
    assertThat(stream.acknowledged()).as("writes acknowledged").isPositive();
    assertThat(unreadable).as("acknowledged tasks the other client cannot read").isZero();
    assertThat(copiesRead).as("copies of the object, read by the other client").isEqualTo(2);
  }

  @Test
  @Points(10)
  @DisplayName("another client's subscribers hear of tasks, a status update and object copies written after the kill")
  void subscribersHearOfWritesMadeAfterTheKill() {
    assertThat(heard).as("watched tasks whose addition the subscriber heard of").hasSize(WATCHED);
    assertThat(statuses).as("statuses the subscriber heard of").contains(TaskStatus.RUNNING);
    assertThat(copiesHeard).as("copies the object's subscriber heard of").hasSize(2);
  }
}
