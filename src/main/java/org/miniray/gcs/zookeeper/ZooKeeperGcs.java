package org.miniray.gcs.zookeeper;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.serialization.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GCS on a ZooKeeper ensemble (paper section 4.2.1 keeps it in sharded, chain-replicated
 * Redis; ZooKeeper gives us the replication and a total order of writes). Every process that
 * opens a {@code ZooKeeperGcs} on the same ensemble and cluster name sees the same tables.
 *
 * <p><b>Layout.</b> Under {@code /miniray/<cluster>/logs} there is one log per shard
 * ({@code shard-0 ...}: the object, task and function rows whose id hashes to it) and one
 * {@code global} log (actor, node and job tables, whose rules span keys: actor names are unique,
 * nodes are listed in join order, jobs are numbered by one counter). A log is a sequence of <em>segment</em> znodes, each holding
 * a batch of {@link GcsLogEntry write operations}; its znode points at its latest snapshot.
 * Large values live in chunked blobs under {@code /miniray/<cluster>/blobs}
 * ({@link ZooKeeperBlobs}).
 *
 * <p><b>Writes are batched and pipelined.</b> ZooKeeper commits a few thousand znodes per second
 * at best, so one znode per row cannot keep up with tens of thousands of tasks per second.
 * Instead one writer thread per client ({@link ZooKeeperLogWriter}) turns everything appended
 * while it waited for a free slot into one transaction with one segment per log touched, with
 * several transactions in flight; a cursor znode that each transaction sets at an expected
 * version keeps them in order. A future completes when its batch is durable (acknowledged by a
 * quorum) and applied here.
 *
 * <p><b>Reads are local.</b> Each client replays every log, one thread per log
 * ({@link ZooKeeperLogReader}), into an {@link InMemoryGcs} replica ({@link GcsStateMachine}).
 * Lookups and subscriptions are served by the replica, so a lookup costs no round trip and a
 * subscriber hears of a change when the segment's watch fires. A client reads its own writes
 * (a future completes after the replica applied the write); another client's writes show up
 * once its segments are read, a few milliseconds later. Each log is replayed on its own, so a
 * client can see an object's row before the task row written before it, if they are in
 * different shards: the order of durability is guaranteed, the order of visibility across
 * shards is not.
 *
 * <p><b>Node heartbeats</b> are log entries of the global log like any other write, not a znode
 * per node: a batch carries the heartbeats of many nodes in one znode, which costs ZooKeeper
 * far less than one {@code setData} each, and compaction keeps only the latest per node.
 *
 * <p><b>Retention.</b> With {@code miniray.gcs.retention=drop-finished-jobs},
 * {@link #jobFinished(JobId)} removes the job's task rows, code, checkpoints and call logs from every shard (object
 * rows stay: they do not say which job made them); the next compaction drops them for good.
 *
 * <p><b>Failover.</b> While a server dies, writes stall until the client is connected to a
 * server that belongs to a quorum with a leader. A follower's death costs its clients a probe and
 * a new connection: {@link ZooKeeperReconnector} moves the session to a serving server at once,
 * instead of the ZooKeeper client's random sleep of up to a second before it reconnects. A
 * leader's death costs that plus ZooKeeper's leader election (at least 200 ms). The writer
 * resends whatever did not commit, in order, for up to {@code miniray.gcs.zookeeper.write.timeout.ms};
 * reads retry every 10 ms.
 */
public final class ZooKeeperGcs implements Gcs {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperGcs.class);
  /** Settings besides the ensemble, the shard count and the clock; {@link #defaults()} are the config defaults. */
  public record Options(String cluster, int sessionTimeoutMs, int connectionTimeoutMs, int writeTimeoutMs,
      int batchMaxEntries, int batchMaxDelayMs, int batchMaxInFlight, int compactionSegments,
      boolean dropFinishedJobs, boolean moveSessions) {

    public static Options defaults() {
      return of(MinirayConfig.defaults());
    }

    public static Options of(MinirayConfig c) {
      return new Options(c.get(Keys.GCS_ZOOKEEPER_CLUSTER), c.get(Keys.GCS_ZOOKEEPER_SESSION_TIMEOUT_MS),
          c.get(Keys.GCS_ZOOKEEPER_CONNECTION_TIMEOUT_MS), c.get(Keys.GCS_ZOOKEEPER_WRITE_TIMEOUT_MS),
          c.get(Keys.GCS_BATCH_MAX_ENTRIES),
          c.get(Keys.GCS_BATCH_MAX_DELAY_MS), c.get(Keys.GCS_BATCH_MAX_IN_FLIGHT), c.get(Keys.GCS_COMPACTION_SEGMENTS),
          c.get(Keys.GCS_RETENTION).equals("drop-finished-jobs"), true);
    }

    public Options withCluster(String name) {
      return new Options(name, sessionTimeoutMs, connectionTimeoutMs, writeTimeoutMs, batchMaxEntries,
          batchMaxDelayMs, batchMaxInFlight, compactionSegments, dropFinishedJobs, moveSessions);
    }

    public Options withBatchMaxInFlight(int transactions) {
      return new Options(cluster, sessionTimeoutMs, connectionTimeoutMs, writeTimeoutMs, batchMaxEntries,
          batchMaxDelayMs, transactions, compactionSegments, dropFinishedJobs, moveSessions);
    }

    public Options withCompactionSegments(int segments) {
      return new Options(cluster, sessionTimeoutMs, connectionTimeoutMs, writeTimeoutMs, batchMaxEntries,
          batchMaxDelayMs, batchMaxInFlight, segments, dropFinishedJobs, moveSessions);
    }

    public Options withDropFinishedJobs(boolean drop) {
      return new Options(cluster, sessionTimeoutMs, connectionTimeoutMs, writeTimeoutMs, batchMaxEntries,
          batchMaxDelayMs, batchMaxInFlight, compactionSegments, drop, moveSessions);
    }

    /**
     * Whether a disconnected client moves its session to a serving server at once
     * ({@link ZooKeeperReconnector}, the default) or leaves reconnection to the ZooKeeper client
     * (to measure the difference).
     */
    public Options withSessionMoves(boolean move) {
      return new Options(cluster, sessionTimeoutMs, connectionTimeoutMs, writeTimeoutMs, batchMaxEntries,
          batchMaxDelayMs, batchMaxInFlight, compactionSegments, dropFinishedJobs, move);
    }
  }

  /**
   * When the steps of this client's last failover happened, in clock nanoseconds (0: not
   * reached): disconnected; the last probe round that found no server serving began (a server
   * began to serve after it); a serving server found; a handle resuming the session requested;
   * connected again; the writer's first transaction committed after the disconnection. The
   * servers' addresses it left and joined. Without session moves only the first, the last two and
   * the addresses are seen.
   */
  public record Failover(long disconnected, long notServing, long serving, long resuming, long connected,
      long firstCommit, String from, String to) {}

  private final TestingServer embedded;
  private final CuratorFramework client;
  private final ZooKeeperReconnector reconnector;
  private final Options options;
  private final GcsStateMachine machine;
  private final ZooKeeperBlobs blobs;
  private final ZooKeeperLogWriter writer;
  private final ZooKeeperLogReader[] readers;
  private final ExecutorService blobWriters = Executors.newCachedThreadPool(
      DaemonThreads.named("gcs-blob-%d"));
  private final ZooKeeperObjectTable objects;
  private final ZooKeeperTaskTable tasks;
  private final ZooKeeperFunctionTable functions;
  private final ZooKeeperCheckpointTable checkpoints;
  private final ZooKeeperActorTable actors;
  private final ZooKeeperNodeTable nodes;
  private final ZooKeeperJobTable jobs;
  private final GcsTables tables;
  private volatile boolean closed;
  // When the writer first learned, after the last disconnection, that a transaction of its committed.
  private volatile long firstCommitAfterFailover;

  /**
   * Connects to {@code connectString} (an empty string starts an embedded ZooKeeper server on
   * 127.0.0.1, closed with this GCS) and reads the cluster's logs; returns when this client has
   * every row written so far.
   */
  public ZooKeeperGcs(String connectString, int shards, Clock clock, Options options) {
    if (clock == null) {
      throw new IllegalArgumentException("a ZooKeeper GCS needs a clock");
    }
    this.options = options;
    this.embedded = connectString.isBlank() ? startEmbedded() : null;
    String connect = embedded != null ? embedded.getConnectString() : connectString;
    this.reconnector = new ZooKeeperReconnector(connect, options.sessionTimeoutMs(), clock, options.moveSessions());
    this.client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .zookeeperFactory(reconnector)
        .sessionTimeoutMs(options.sessionTimeoutMs())
        .connectionTimeoutMs(options.connectionTimeoutMs())
        // Retry soon and often: a failover stall should last as long as ZooKeeper needs, not as
        // long as a backoff schedule says. The session timeout bounds the whole.
        .retryPolicy(new RetryUntilElapsed(options.sessionTimeoutMs(), 10))
        .build();
    reconnector.attach(client);
    boolean started = false;
    try {
      client.start();
      if (!client.blockUntilConnected(Math.max(options.connectionTimeoutMs(), 10_000), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot connect to ZooKeeper at " + connect);
      }
      String root = "/miniray/" + options.cluster();
      // The log's format is fixed, whatever miniray.serializer says: every client must read it.
      ProtocolCodec codec = LogFormat.codec();
      this.blobs = new ZooKeeperBlobs(client, root);
      this.machine = new GcsStateMachine(shards, blobs::read);
      this.writer = new ZooKeeperLogWriter(client, root, shards, codec, options, clock);
      this.readers = new ZooKeeperLogReader[shards + 1];
      ZooKeeperLogReader.Client parts = new ZooKeeperLogReader.Client(client, machine, writer, blobs, codec);
      for (int i = 0; i <= shards; i++) {
        String path = root + "/logs/" + writer.logName(i);
        try {
          client.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException another) {
          // made by another client, or a previous run
        }
        readers[i] = new ZooKeeperLogReader(i, path, parts, options.compactionSegments());
      }
      for (ZooKeeperLogReader r : readers) {
        r.catchUpNow().get(60, TimeUnit.SECONDS);
      }
      writer.start(i -> {
        long since = reconnector.lastFailover().disconnected();
        if (since != 0 && firstCommitAfterFailover < since) {
          firstCommitAfterFailover = clock.nanoTime();
        }
        readers[i].nudge();
      });
      // Watches set before a lost session are gone: set them again and read everything when reconnected.
      client.getConnectionStateListenable().addListener((c, state) -> {
        if (state == ConnectionState.RECONNECTED) {
          for (ZooKeeperLogReader r : readers) {
            r.reconnected();
          }
        }
      });
      started = true;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot open the ZooKeeper GCS at " + connect + ": " + e, e);
    } finally {
      if (!started) {
        reconnector.close();
        client.close();
        closeEmbedded();
      }
    }
    this.objects = new ZooKeeperObjectTable(machine, writer);
    this.tasks = new ZooKeeperTaskTable(machine, writer);
    LargeValueAppender appender = new LargeValueAppender(writer, blobs, blobWriters);
    this.functions = new ZooKeeperFunctionTable(machine, appender);
    this.checkpoints = new ZooKeeperCheckpointTable(machine, writer, appender);
    this.actors = new ZooKeeperActorTable(machine, writer);
    this.nodes = new ZooKeeperNodeTable(machine, writer, clock);
    this.jobs = new ZooKeeperJobTable(machine, writer);
    this.tables = new GcsTables(objects, tasks, functions, checkpoints, actors, nodes, jobs);
  }

  @Override
  public GcsTables tables() {
    return tables;
  }

  /** A GCS configured by the {@code miniray.gcs.*} keys, on the system clock. */
  public ZooKeeperGcs(MinirayConfig config) {
    this(config.get(Keys.GCS_ZOOKEEPER_CONNECT), config.get(Keys.GCS_SHARDS), Clock.SYSTEM, Options.of(config));
  }

  private static TestingServer startEmbedded() {
    try {
      return EmbeddedZooKeeper.server();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start an embedded ZooKeeper server: " + e, e);
    }
  }

  public int shardCount() {
    return machine.shards();
  }

  /**
   * Says that {@code job} is over. Under the {@code drop-finished-jobs} retention policy its
   * task rows, function code, checkpoints and call logs are removed (logged in every shard, so every client drops
   * them); under {@code keep-all} nothing changes.
   */
  public CompletableFuture<Void> jobFinished(JobId job) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    return options.dropFinishedJobs() ? writer.appendToEveryShard(new GcsLogEntry.DropJob(job))
        : CompletableFuture.completedFuture(null);
  }

  /** This client's writer id, for tests that read the logs. */
  String writerId() {
    return writer.writerId();
  }

  /** How this client's readers came by the segments they applied, over all logs; for tests. */
  ZooKeeperLogReader.Replayed replayed() {
    ZooKeeperLogReader.Replayed sum = new ZooKeeperLogReader.Replayed(0, 0, 0, 0, 0);
    for (ZooKeeperLogReader r : readers) {
      sum = sum.plus(r.replayed());
    }
    return sum;
  }

  /** How many of this client's segments its writer keeps, written or in flight and not applied here yet; for tests. */
  int segmentsKept() {
    return writer.acknowledgements().kept();
  }

  /** This client's last failover, step by step (all zero before the first). */
  public Failover lastFailover() {
    ZooKeeperReconnector.Steps s = reconnector.lastFailover();
    return new Failover(s.disconnected(), s.notServing(), s.serving(), s.resuming(), s.connected(),
        s.disconnected() != 0 && firstCommitAfterFailover > s.disconnected() ? firstCommitAfterFailover : 0, s.from(),
        s.to());
  }

  /** The client port of the server this client is connected to now; -1 if none. */
  public int connectedPort() {
    java.net.InetSocketAddress a = reconnector.connectedServer();
    return a == null ? -1 : a.getPort();
  }

  /** What moves this client's session, for tests of how it moves. */
  ZooKeeperReconnector reconnector() {
    return reconnector;
  }

  /** The ZooKeeper client, for tests that need to know which server it talks to. */
  public CuratorFramework client() {
    return client;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    machine.close(); // refuses calls and stops notifications at once
    for (ZooKeeperLogReader r : readers) {
      r.close();
    }
    writer.removeCursor(1_000); // a clean close leaves nothing behind
    reconnector.close();
    client.close(); // fails the transactions in flight, if any
    writer.close();
    blobWriters.shutdown();
    closeEmbedded();
  }

  private void closeEmbedded() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception e) {
        // its data directory is temporary; nothing is lost
      }
    }
  }

  @Override
  public String toString() {
    return "ZooKeeperGcs[" + client.getZookeeperClient().getCurrentConnectionString() + ", " + machine.shards()
        + " shards" + (closed ? ", closed" : "") + "]";
  }
}
