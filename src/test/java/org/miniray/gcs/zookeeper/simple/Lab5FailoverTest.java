package org.miniray.gcs.zookeeper.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
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
 * subscriber are separate clients.
 */
@Tag("lab5")
@Tag("lab5-part2")
@Tag("graded-only") // a 3-server ensemble; HandoutTest runs it on the reference and the handout
class Lab5FailoverTest {
  private static final int WRITES = 2_000;
  private static final int WINDOW = 200;
  private static final int WATCHED = 20;

  @Test
  @Timeout(120)
  @Points(35)
  @DisplayName("with the leader killed mid-stream, no write fails, every acknowledged write is readable and subscribers hear of writes made after the kill")
  void acknowledgedWritesSurviveTheLeadersDeath() throws Exception {
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, 100)) {
      cluster.start();
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("lab5-failover");
      InstanceSpec[] killed = new InstanceSpec[1];
      try (Gcs writer = new ZooKeeperSimpleGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options);
          Gcs reader = new ZooKeeperSimpleGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options)) {
        // The subscriber watches the last tasks of the stream, added after the leader died,
        // and an object whose copies are recorded after it.
        Set<TaskId> heard = ConcurrentHashMap.newKeySet();
        Set<TaskStatus> statuses = ConcurrentHashMap.newKeySet();
        for (int i = WRITES - WATCHED + 1; i <= WRITES; i++) {
          reader.taskTable().subscribe(GcsBenchmark.task(i), e -> {
            heard.add(e.spec().taskId());
            statuses.add(e.status());
          });
        }
        ObjectId x = GcsBenchmark.task(WRITES).returnId(1);
        Set<NodeId> copies = ConcurrentHashMap.newKeySet();
        reader.objectTable().subscribe(x, e -> copies.addAll(e.locations()));

        GcsBenchmark.StreamResult r = GcsBenchmark.streamTaskAdds(writer, 1, WRITES, WINDOW,
            () -> killed[0] = GcsBenchmark.killLeader(cluster));
        GcsContractTest.done(writer.taskTable().updateStatus(GcsBenchmark.task(WRITES), TaskStatus.RUNNING,
            new NodeId("node-1")));
        GcsContractTest.done(writer.objectTable().addLocation(x, new NodeId("node-1"), 64));
        GcsContractTest.done(writer.objectTable().addLocation(x, new NodeId("node-2"), 64));

        System.out.printf("lab 5 failover: %d of %d writes acknowledged, %d failed, longest stall %d ms after killing"
            + " leader %d%n", r.acknowledged(), WRITES, r.failed(), r.longestStallMillis(), killed[0].getServerId());
        assertThat(killed[0]).as("the leader that was killed").isNotNull();
        assertThat(r.failed()).as("writes that failed while the ensemble elected a new leader").isZero();
        long missing = r.acked().stream()
            .filter(id -> GcsContractTest.done(reader.taskTable().lookup(id)).isEmpty()).count();
        assertThat(missing).as("acknowledged tasks the other client cannot read").isZero();
        assertThat(GcsContractTest.done(reader.objectTable().lookup(x)).orElseThrow().locations())
            .as("copies of the object, read by the other client").hasSize(2);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
          assertThat(heard).as("watched tasks whose addition the subscriber heard of").hasSize(WATCHED);
          assertThat(statuses).as("statuses the subscriber heard of").contains(TaskStatus.RUNNING);
          assertThat(copies).as("copies the object's subscriber heard of").hasSize(2);
        });
      }
      cluster.restartServer(killed[0]);
    }
  }
}
