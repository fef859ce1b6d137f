package org.miniray.gcs.zookeeper;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.util.ServiceUtils;
import org.miniray.common.Clock;

/**
 * ZooKeeper servers inside this JVM, listening on 127.0.0.1 only: the one a
 * {@link ZooKeeperGcs} starts when no ensemble is configured, and the ensembles of the failover
 * test, {@code org.miniray.bench.GcsBenchmark} and {@code make figures} (figure 10a); and one member of a real
 * ensemble, one per process ({@code miniray zookeeper}).
 */
public final class EmbeddedZooKeeper {
  private EmbeddedZooKeeper() {}

  /** One started server with ZooKeeper's default tick. */
  static TestingServer server() throws Exception {
    stayOnFatalError();
    return new TestingServer(spec(-1, -1), true);
  }

  /**
   * A server inside this JVM that cannot start (its port taken meanwhile: the free ports are
   * chosen before they are bound) must fail that server, not end the whole JVM: ZooKeeper's own
   * reaction is System.exit(2), which took a whole test run down once. A server of its own process
   * ({@link #runEnsembleMember}) keeps ZooKeeper's exit.
   */
  private static void stayOnFatalError() {
    ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
  }

  /**
   * {@code n} servers (not started). The tick is ZooKeeper's unit of time: a short one makes
   * elections after a failure quick, and also caps session timeouts at 20 ticks.
   */
  public static TestingCluster cluster(int n, int tickMillis) {
    stayOnFatalError();
    quickElections();
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(spec(i, tickMillis));
    }
    return new TestingCluster(specs);
  }

  /** ZooKeeper's waits after a leader dies that are only retry intervals, in ms: see {@link #quickElections}. */
  static final int LEADER_CONNECT_RETRY_MS = 10;
  static final int FIRST_NOTIFICATION_WAIT_MS = 50;

  /**
   * Shortens two of the waits between a leader's death and a new one serving, for the servers
   * of this JVM (they are read once, when ZooKeeper's classes load; a value set beforehand, on the
   * command line, wins). Both are only how soon something is tried again, so no rule of the
   * protocol changes: a follower that finds its new leader not yet listening tries again after
   * {@value #LEADER_CONNECT_RETRY_MS} ms instead of 100 ({@code zookeeper.leaderConnectDelayDuringRetryMs}),
   * and a server electing that has heard nothing sends its vote again after {@value
   * #FIRST_NOTIFICATION_WAIT_MS} ms instead of 200, doubling each time as before
   * ({@code zookeeper.fastleader.minNotificationInterval}). The 200 ms an election waits for late
   * votes once a quorum agrees ({@code FastLeaderElection.finalizeWait}) is a constant of ZooKeeper's.
   */
  private static void quickElections() {
    setIfAbsent("zookeeper.leaderConnectDelayDuringRetryMs", LEADER_CONNECT_RETRY_MS);
    setIfAbsent("zookeeper.fastleader.minNotificationInterval", FIRST_NOTIFICATION_WAIT_MS);
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }

  /** The server of {@code cluster} that leads now, asked with ZooKeeper's "srvr" command; null if none. */
  public static InstanceSpec leader(TestingCluster cluster) {
    for (InstanceSpec s : cluster.getInstances()) {
      if (mode(s).contains("leader")) {
        return s;
      }
    }
    return null;
  }

  /** Whether every server of {@code cluster} serves clients (none down, electing or syncing). */
  public static boolean allServing(TestingCluster cluster) {
    return cluster.getInstances().stream().noneMatch(s -> mode(s).isEmpty());
  }

  /** Peer (quorum) port of a member: its client port plus this. */
  public static final int PEER_PORT_OFFSET = 1000;
  /** Leader-election port of a member: its client port plus this. */
  public static final int ELECTION_PORT_OFFSET = 2000;

  /**
   * Runs member {@code id} (1-based) of the ensemble whose members' client addresses are
   * {@code clients}, in this thread, until the process ends. Each member talks to the others on
   * its client port plus {@link #PEER_PORT_OFFSET} and {@link #ELECTION_PORT_OFFSET}; its data
   * (snapshots and the transaction log, kept across restarts) is in {@code dataDir}. One member
   * alone is a standalone server.
   */
  public static void runEnsembleMember(int id, List<InetSocketAddress> clients, Path dataDir, int tickMillis)
      throws Exception {
    if (id < 1 || id > clients.size()) {
      throw new IllegalArgumentException("server id " + id + " is not between 1 and " + clients.size()
          + " (the number of servers in the ensemble)");
    }
    if (tickMillis < 10) {
      throw new IllegalArgumentException("tick of " + tickMillis + " ms is too short (at least 10 ms)");
    }
    quickElections();
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("myid"), id + "\n");
    InetSocketAddress me = clients.get(id - 1);
    Properties p = new Properties();
    p.setProperty("tickTime", Integer.toString(tickMillis));
    // Followers have 50 ticks to load the leader's state when they join, and fall behind by 10 at most.
    p.setProperty("initLimit", "50");
    p.setProperty("syncLimit", "10");
    p.setProperty("dataDir", dataDir.toAbsolutePath().toString());
    p.setProperty("clientPort", Integer.toString(me.getPort()));
    p.setProperty("clientPortAddress", me.getHostString());
    p.setProperty("maxClientCnxns", "0");
    for (int i = 0; i < clients.size(); i++) {
      InetSocketAddress a = clients.get(i);
      p.setProperty("server." + (i + 1), a.getHostString() + ":" + (a.getPort() + PEER_PORT_OFFSET) + ":"
          + (a.getPort() + ELECTION_PORT_OFFSET));
    }
    QuorumPeerConfig config = new QuorumPeerConfig();
    config.parseProperties(p);
    if (clients.size() == 1) {
      ServerConfig standalone = new ServerConfig();
      standalone.readFrom(config);
      new ZooKeeperServerMain().runFromConfig(standalone);
    } else {
      new QuorumPeerMain().runFromConfig(config);
    }
  }

  /**
   * The leader of {@code cluster}, waiting up to 20 s for one: a loaded machine's short-tick
   * ensemble may be between leaders for a moment.
   */
  public static InstanceSpec awaitLeader(TestingCluster cluster) {
    Clock clock = Clock.SYSTEM; // real servers elect in real time
    long deadline = clock.nanoTime() + 20_000_000_000L;
    while (true) {
      InstanceSpec leader = leader(cluster);
      if (leader != null) {
        return leader;
      }
      if (clock.nanoTime() > deadline) {
        throw new IllegalStateException("the ensemble had no leader for 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a leader", e);
      }
    }
  }

  private static String mode(InstanceSpec s) {
    return ZooKeeperProbe.mode(new InetSocketAddress("127.0.0.1", s.getPort()), 1_000);
  }

  private static InstanceSpec spec(int serverId, int tickMillis) {
    // A short tick speeds elections up but also shortens every limit counted in ticks. On a busy
    // machine a follower that misses 5 short ticks would be dropped and the ensemble would
    // re-elect for no reason; 20 ticks of sync and a session cap of 30 s keep a loaded ensemble
    // stable. A killed server is still noticed at once: its sockets close.
    return new InstanceSpec(null, -1, -1, -1, true, serverId, tickMillis, -1,
        Map.of("clientPortAddress", "127.0.0.1", "syncLimit", "20", "initLimit", "50", "maxSessionTimeout", "30000"),
        "127.0.0.1");
  }
}
