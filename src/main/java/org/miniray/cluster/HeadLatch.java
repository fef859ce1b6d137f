package org.miniray.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooKeeper;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;

/**
 * The election among the heads of one cluster (issue 15: a standby head takes over without anyone
 * restarting anything). Every head started on a GCS outside the head ({@code --gcs zk://...})
 * joins a Curator {@link LeaderLatch} at {@code /miniray/<cluster>/heads}, beside the GCS's logs;
 * the head that leads is the active head and the only one that serves, the others wait as
 * standbys. A head holds its place through its ZooKeeper session: one killed outright loses it
 * when the session times out, and the next standby leads.
 *
 * <p>On a Curator client of its own, not the GCS's. The GCS's client moves its session to another
 * server when its server dies ({@code gcs.zookeeper.ZooKeeperReconnector}), and Curator reports
 * that as LOST then RECONNECTED although the session never ended; a latch on it would give up
 * leadership at every server death. This client keeps ZooKeeper's own reconnection, and with
 * {@link SessionConnectionStateErrorPolicy} the latch counts leadership lost only when the session
 * is: a server's death (SUSPENDED, then RECONNECTED with the same session) costs nothing.
 */
final class HeadLatch implements AutoCloseable {
  private static final String ACTIVE = " (active)";

  private final CuratorFramework client;
  private final LeaderLatch latch;
  private final String id;

  private HeadLatch(CuratorFramework client, LeaderLatch latch, String id) {
    this.client = client;
    this.latch = latch;
    this.id = id;
  }

  /**
   * Joins the election of cluster {@code cluster} on the ensemble {@code connect} as {@code id};
   * {@code lost} runs once if this head led and then lost its session (it must stop serving at
   * once: a standby may lead already).
   *
   * @throws IllegalStateException if no server of the ensemble answers within {@code connectTimeoutMs}
   */
  static HeadLatch join(String connect, String cluster, int sessionTimeoutMs, int connectTimeoutMs, String id,
      Runnable lost) {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs(sessionTimeoutMs)
        .connectionTimeoutMs(connectTimeoutMs)
        .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
        .retryPolicy(new ExponentialBackoffRetry(50, 5))
        .build();
    client.start();
    try {
      if (!client.blockUntilConnected(connectTimeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no ZooKeeper server of " + connect + " answered within " + connectTimeoutMs
            + " ms, so this head cannot join the election of the cluster's heads");
      }
      LeaderLatch latch = new LeaderLatch(client, "/miniray/" + cluster + "/heads", id);
      latch.addListener(new LeaderLatchListener() {
        @Override
        public void isLeader() {}

        @Override
        public void notLeader() {
          lost.run();
        }
      });
      latch.start();
      return new HeadLatch(client, latch, id);
    } catch (Exception e) {
      client.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException("joining the heads' election: " + e, e);
    }
  }

  /** Told, by a head that must wait as a standby, which head is active. */
  interface StandingBy {
    void waiting(String active) throws IOException;
  }

  /**
   * With a GCS outside the head ({@code config}'s ensemble and cluster name): joins the heads'
   * election as {@code id} and returns once this head leads. A head that does not lead at once is
   * a standby: it says so (and tells {@code standingBy}) and serves nothing, not even its port,
   * until the active head's ZooKeeper session ends. A head that loses its session after it led
   * stops at once, saying why: a standby may serve already, and two heads must not place tasks
   * on one GCS. Returns null, having said why on standard output, when this head cannot stand by
   * (no cluster token in {@code cli}'s home) or was interrupted while standing by.
   */
  static HeadLatch lead(MinirayConfig config, String id, Cli cli, StandingBy standingBy) throws Exception {
    HeadLatch latch = join(config.get(Keys.GCS_ZOOKEEPER_CONNECT), config.get(Keys.GCS_ZOOKEEPER_CLUSTER),
        config.get(Keys.GCS_ZOOKEEPER_SESSION_TIMEOUT_MS), 10_000, id, () -> {
          System.out.println("miniray head: the head " + id + " lost its ZooKeeper session, and with it the lead of "
              + "the cluster's heads (a standby may serve already): it stops now");
          System.out.flush();
          Runtime.getRuntime().halt(3);
        });
    Optional<String> active = latch.otherLeader(30_000);
    if (active.isEmpty()) {
      latch.awaitLeadership();
      return latch;
    }
    if (!Files.exists(cli.tokenFile())) {
      latch.close();
      System.out.println("miniray start: the head " + active.get() + " is active on this GCS, and a standby head "
          + "needs its cluster token: copy cluster.token from the active head's home to " + cli.home
          + ", readable by this user only");
      return null;
    }
    System.out.println("standby head " + id + ": the active head is " + active.get() + "; this one serves nothing "
        + "until it leads");
    standingBy.waiting(active.get());
    try {
      latch.awaitLeadership();
    } catch (InterruptedException e) {
      latch.close();
      return null;
    }
    System.out.println("standby head " + id + " leads now: it becomes the active head");
    return latch;
  }

  /**
   * The head that leads if it is another one; empty if this head leads. It waits, up to
   * {@code timeoutMs}, until this head's own entry is in the election, so that the answer is not
   * read before this head took part.
   */
  Optional<String> otherLeader(long timeoutMs) throws Exception {
    long deadline = Clock.SYSTEM.millis() + timeoutMs;
    while (true) {
      Collection<Participant> all = latch.getParticipants();
      if (all.stream().anyMatch(p -> p.getId().equals(id))) {
        Optional<Participant> leader = all.stream().filter(Participant::isLeader).findFirst();
        if (leader.isPresent()) {
          return leader.get().getId().equals(id) ? Optional.empty() : Optional.of(leader.get().getId());
        }
      }
      if (Clock.SYSTEM.millis() > deadline) {
        throw new IllegalStateException("this head's entry did not appear in the heads' election within " + timeoutMs
            + " ms");
      }
      Thread.sleep(20);
    }
  }

  /** Blocks until this head leads. */
  void awaitLeadership() throws InterruptedException {
    try {
      latch.await();
    } catch (java.io.EOFException closed) {
      throw new IllegalStateException("the heads' election was closed before this head led", closed);
    }
  }

  boolean leads() {
    return latch.hasLeadership();
  }

  /**
   * The heads in the election as {@code miniray status} shows them: each id, the active one
   * marked, in the order they would lead; or why they cannot be read.
   */
  String describe() {
    try {
      List<String> heads = new ArrayList<>();
      for (Participant p : latch.getParticipants()) {
        heads.add(p.getId() + (p.isLeader() ? ACTIVE : " (standby)"));
      }
      return String.join(", ", heads);
    } catch (Exception e) {
      return "unknown (" + e + ")";
    }
  }

  /** The ZooKeeper handle this head's place in the election hangs on: its session, its server. */
  ZooKeeper zooKeeper() throws Exception {
    return client.getZookeeperClient().getZooKeeper();
  }

  /** Leaves the election (a standby then leads) and closes its client. */
  @Override
  public void close() {
    try {
      latch.close(LeaderLatch.CloseMode.SILENT);
    } catch (Exception e) {
      // closing the client ends the session, which removes this head's entry anyway
    } finally {
      client.close();
    }
  }
}
