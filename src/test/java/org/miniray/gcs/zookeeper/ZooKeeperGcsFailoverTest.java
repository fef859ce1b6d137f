package org.miniray.gcs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.bench.GcsBenchmark;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.gcs.GcsContractTest;
import org.miniray.id.TaskId;

/**
 * Paper section 4.2.1: the GCS is replicated so that it survives the failure of a server.
 * A writer and a subscriber (separate clients) keep going while the ensemble's leader is killed
 * in the middle of a stream of writes.
 */
class ZooKeeperGcsFailoverTest {
  private static final int WRITES = 20_000;
  private static final int WATCHED = 50;

  @Test
  @Timeout(60)
  void acknowledgedWritesSurviveTheLeadersDeath() throws Exception {
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, 100)) {
      cluster.start();
      // No compaction: the test reads every segment the writer logged.
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("failover").withCompactionSegments(0);
      InstanceSpec[] killed = new InstanceSpec[1];
      try (ZooKeeperGcs writer = new ZooKeeperGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options);
          ZooKeeperGcs reader = new ZooKeeperGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options)) {
        // The subscriber watches the last tasks of the stream, added after the leader died.
        Set<TaskId> heard = ConcurrentHashMap.newKeySet();
        for (int i = WRITES - WATCHED + 1; i <= WRITES; i++) {
          reader.taskTable().subscribe(GcsBenchmark.task(i), e -> heard.add(e.spec().taskId()));
        }

        GcsBenchmark.StreamResult r = GcsBenchmark.streamTaskAdds(writer, 1, WRITES, 2_000,
            () -> killed[0] = GcsBenchmark.killLeader(cluster));

        System.out.printf("failover: %d of %d writes acknowledged, %d failed, longest stall %d ms after killing "
            + "leader %d (tick 100 ms, session timeout %d ms)%n", r.acknowledged(), WRITES, r.failed(),
            r.longestStallMillis(), killed[0].getServerId(), options.sessionTimeoutMs());
        assertThat(killed[0]).as("the leader that was killed").isNotNull();
        assertThat(r.failed()).as("writes that failed while the ensemble elected a new leader").isZero();
        for (TaskId id : r.acked()) {
          assertThat(GcsContractTest.done(writer.taskTable().lookup(id))).as("acknowledged task %s, read by its writer", id)
              .isPresent();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
          for (TaskId id : List.of(r.acked().get(0), r.acked().get(r.acked().size() - 1))) {
            assertThat(GcsContractTest.done(reader.taskTable().lookup(id))).isPresent();
          }
        });
        long missing = r.acked().stream().filter(id -> GcsContractTest.done(reader.taskTable().lookup(id)).isEmpty()).count();
        assertThat(missing).as("acknowledged tasks the other client cannot read").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard)
            .as("watched tasks whose addition the subscriber heard of").hasSize(WATCHED));
        assertBatchesLoggedOnceInOrder(writer);
      }
      cluster.restartServer(killed[0]); // the ensemble is whole again for whoever comes next
    }
  }

  /**
   * Issue 15: a client whose server dies moves its session to a server that serves, without the
   * ZooKeeper client's random pause of up to a second before it reconnects. The session (its id)
   * survives, the client is on another server, the move was made by {@link ZooKeeperReconnector}
   * (a handle resuming the session), and the next write succeeds. How long it took is the
   * benchmark's business ({@code make bench-gcs}, rows fk and lk), not this test's.
   */
  @Test
  @Timeout(60)
  void aClientMovesItsSessionAtOnceWhenItsServerDies() throws Exception {
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, 100)) {
      cluster.start();
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("move");
      try (ZooKeeperGcs gcs = new ZooKeeperGcs(cluster.getConnectString(), 4, Clock.SYSTEM, options)) {
        GcsContractTest.done(gcs.taskTable().add(GcsBenchmark.spec(GcsBenchmark.task(1))));
        long session = gcs.client().getZookeeperClient().getZooKeeper().getSessionId();
        int before = gcs.connectedPort();
        InstanceSpec server = cluster.getInstances().stream().filter(s -> s.getPort() == before).findFirst()
            .orElseThrow(() -> new AssertionError("the client is on no server of the ensemble (port " + before + ")"));
        cluster.killServer(server);

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
          assertThat(gcs.client().getZookeeperClient().isConnected()).as("connected again").isTrue();
          assertThat(gcs.connectedPort()).as("the client's server, after %d died", before).isPositive()
              .isNotEqualTo(before);
        });
        assertThat(gcs.client().getZookeeperClient().getZooKeeper().getSessionId())
            .as("the session after its server died (0x%s before)", Long.toHexString(session)).isEqualTo(session);
        assertThat(gcs.lastFailover().resuming())
            .as("when a handle resuming the session was made (0: left to the ZooKeeper client, which sleeps first)")
            .isPositive();
        GcsContractTest.done(gcs.taskTable().add(GcsBenchmark.spec(GcsBenchmark.task(2))));
        for (int i = 1; i <= 2; i++) {
          assertThat(GcsContractTest.done(gcs.taskTable().lookup(GcsBenchmark.task(i))))
              .as("task %d, written %s its server died", i, i == 1 ? "before" : "after").isPresent();
        }
      }
    }
  }

  /**
   * Issue 15's failover tail: a session moved to a server that said it serves, twice, and then
   * never lets it connect is moved again by the reconnector, to a server that takes it, instead of
   * being left to the ZooKeeper client, which would give up on that server only after its connect
   * timeout (a quarter of the 4 s session timeout with four servers) and then sleep up to a second
   * more. The server is a stand-in that answers {@code srvr} as a follower and takes a session's
   * connection without ever answering, as a follower does that has not yet noticed its leader's
   * death (it asks the dead leader to revalidate the session, and drops it once it notices). It is
   * first in the connect string, so it is the first server asked.
   */
  @Test
  @Timeout(60)
  void aSessionMovedToAServerThatDropsItIsMovedAgain() throws Exception {
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, 100); StaleFollower stale = new StaleFollower()) {
      cluster.start();
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("stale");
      String connect = "127.0.0.1:" + stale.port() + "," + cluster.getConnectString();
      try (ZooKeeperGcs gcs = new ZooKeeperGcs(connect, 4, Clock.SYSTEM, options)) {
        GcsContractTest.done(gcs.taskTable().add(GcsBenchmark.spec(GcsBenchmark.task(1))));
        long session = gcs.client().getZookeeperClient().getZooKeeper().getSessionId();
        int before = gcs.connectedPort();
        InstanceSpec server = cluster.getInstances().stream().filter(s -> s.getPort() == before).findFirst()
            .orElseThrow(() -> new AssertionError("the client is on no server of the ensemble (port " + before + ")"));
        int takenBefore = stale.taken();
        cluster.killServer(server);

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
          assertThat(gcs.client().getZookeeperClient().isConnected()).as("connected again").isTrue();
          assertThat(gcs.connectedPort()).as("the client's server, after %d died", before).isPositive()
              .isNotEqualTo(before).isNotEqualTo(stale.port());
        });
        ZooKeeperReconnector moved = gcs.reconnector();
        assertThat(stale.taken() - takenBefore).as("session connections the stand-in took after the kill").isPositive();
        assertThat(moved.moves()).as("moves of the session: to the stand-in, then to a server that took it")
            .isGreaterThanOrEqualTo(2);
        assertThat(moved.lastMove().getPort()).as("where the reconnector moved the session last")
            .isEqualTo(gcs.connectedPort());
        assertThat(gcs.client().getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
        GcsContractTest.done(gcs.taskTable().add(GcsBenchmark.spec(GcsBenchmark.task(2))));
        assertThat(GcsContractTest.done(gcs.taskTable().lookup(GcsBenchmark.task(2)))).isPresent();
      }
    }
  }

  /**
   * A server that answers {@code srvr} with {@code Mode: follower} and holds every other connection
   * open without a word until it closes: a follower that has not yet noticed its leader's death, to
   * a client that moves its session there.
   */
  private static final class StaleFollower implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    StaleFollower() throws IOException {
      DaemonThreads.named("stale-follower").newThread(this::serve).start();
    }

    int port() {
      return socket.getLocalPort();
    }

    /** Connections it took that were not {@code srvr}: sessions' connections. */
    int taken() {
      return held.size();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          s.setSoTimeout(1_000);
          if (new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII).equals("srvr")) {
            s.getOutputStream().write("Zookeeper version: stand-in\nMode: follower\n".getBytes(StandardCharsets.US_ASCII));
            s.close();
          } else {
            held.add(s);
          }
        } catch (IOException e) {
          // closed, or a client that went away: the next one
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /**
   * The writer's ordering rule, read back from ZooKeeper: in every log its batches appear in
   * increasing order, none twice, although transactions were pipelined and resent around the
   * leader's death; and its cursor names the last batch.
   */
  private static void assertBatchesLoggedOnceInOrder(ZooKeeperGcs gcs) throws Exception {
    var client = gcs.client();
    String root = "/miniray/failover";
    String me = gcs.writerId();
    long last = 0;
    for (String log : client.getChildren().forPath(root + "/logs")) {
      List<String> segments = new java.util.ArrayList<>(client.getChildren().forPath(root + "/logs/" + log));
      segments.sort(java.util.Comparator.comparing(c -> Long.parseLong(c.substring(c.lastIndexOf('-') + 1))));
      long previous = 0;
      for (String seg : segments) {
        LogSegment s = LogSegment.decode(
            client.getData().forPath(root + "/logs/" + log + "/" + seg));
        if (s.writer().equals(me)) {
          assertThat(s.batch()).as("batch after batch %d in log %s (%s)", previous, log, seg).isGreaterThan(previous);
          previous = s.batch();
        }
      }
      last = Math.max(last, previous);
    }
    long cursor = java.nio.ByteBuffer.wrap(client.getData().forPath(root + "/writers/" + me)).getLong();
    assertThat(cursor).as("the writer's cursor, against the last batch logged").isEqualTo(last);
  }
}
