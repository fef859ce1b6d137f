package org.miniray.bench;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.TaskTable;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.gcs.zookeeper.simple.ZooKeeperSimpleGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * How many task-table entries per second each GCS makes durable, and how long a client stalls
 * when a ZooKeeper follower or the leader dies. Not a unit test: run it by hand and read the table.
 *
 * <pre>
 * make bench-gcs                      # or, after make build:
 * java -cp target/classes:$(cat target/classpath.txt) org.miniray.bench.GcsBenchmark [entries] [rows]
 * </pre>
 * {@code rows} picks some of a,b,c,c1,d,fk,lk (default all), for example {@code c,d}; d may repeat. Rows
 * fk and lk kill, {@code kills} times each (default {@value #KILLS}), the follower the client is connected
 * to and the leader, and break the stall down; fk0 and lk0, only when named, do the same with the ZooKeeper
 * client's own reconnection ({@link ZooKeeperGcs.Options#withSessionMoves}).
 * <pre>java ... org.miniray.bench.GcsBenchmark [entries] [rows] [kills]</pre>
 * Rows e,f,g (lab 5's {@link ZooKeeperSimpleGcs}: one embedded server, 3 servers, the leader
 * killed) run only when named, for example {@code a,b,c,d,e,f,g}.
 *
 * <p>Each run adds {@code entries} task specs through one {@link TaskTable#add} call each, with
 * at most {@link #WINDOW} unacknowledged at a time (as many concurrent submitters would), and
 * counts an entry when its future completes: for a {@link ZooKeeperGcs}, when a quorum has it.
 */
public final class GcsBenchmark {
  static final int WINDOW = 20_000;
  private static final JobId JOB = new JobId(1);
  private static final int SHARDS = 4;
  private static final int TICK_MILLIS = 100;
  /** Servers killed per failover row: issue 15 asks for medians over at least 5. */
  private static final int KILLS = 5;
  /** Writes in flight at most during a kill row: the stream is paced by acknowledgements, so the kill lands mid-stream. */
  private static final int KILL_WINDOW = 2_000;

  private GcsBenchmark() {}

  /** The outcome of {@link #streamTaskAdds}. */
  public record StreamResult(int acknowledged, int failed, long elapsedNanos, long longestStallNanos,
      long stallEndNanos, List<long[]> gaps, List<TaskId> acked) {
    double perSecond() {
      return acknowledged * 1e9 / elapsedNanos;
    }

    public long longestStallMillis() {
      return TimeUnit.NANOSECONDS.toMillis(longestStallNanos);
    }

    /** The longest time between two acknowledgements that ended after {@code nanos}: {start, end}; {0, 0} if none. */
    long[] longestGapEndingAfter(long nanos) {
      long[] best = {0, 0};
      for (long[] g : gaps) {
        if (g[1] > nanos && g[1] - g[0] > best[1] - best[0]) {
          best = g;
        }
      }
      return best;
    }
  }

  /**
   * Adds tasks {@code first .. first+count-1} of job 1, keeping at most {@code window} in
   * flight; runs {@code midway} on its own thread when half are issued. The longest stall is
   * the longest time between two consecutive acknowledgements.
   */
  public static StreamResult streamTaskAdds(Gcs gcs, int first, int count, int window, Runnable midway) throws Exception {
    Semaphore inFlight = new Semaphore(window);
    CountDownLatch finished = new CountDownLatch(count);
    Queue<TaskId> acked = new ConcurrentLinkedQueue<>();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    AtomicLong lastAck = new AtomicLong(start);
    AtomicLong longest = new AtomicLong();
    AtomicLong longestEnd = new AtomicLong(); // written with longest, under the same lock
    Object gaps = new Object();
    List<long[]> gapList = new java.util.ArrayList<>(); // every gap over a millisecond, {start, end}; guarded by gaps
    CompletableFuture<Void> interruption = CompletableFuture.completedFuture(null);
    for (int i = 0; i < count; i++) {
      if (i == count / 2 && midway != null) {
        interruption = CompletableFuture.runAsync(midway);
      }
      inFlight.acquire();
      TaskId id = task(first + i);
      gcs.taskTable().add(spec(id)).whenComplete((v, e) -> {
        if (e == null) {
          long now = System.nanoTime();
          long previous = lastAck.getAndSet(now);
          synchronized (gaps) {
            if (now - previous > 1_000_000) {
              gapList.add(new long[] {previous, now});
            }
            if (now - previous > longest.get()) {
              longest.set(now - previous);
              longestEnd.set(now);
            }
          }
          acked.add(id);
        } else {
          failed.incrementAndGet();
        }
        inFlight.release();
        finished.countDown();
      });
    }
    if (!finished.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException((count - finished.getCount()) + " of " + count + " writes completed in 120 s");
    }
    long elapsed = System.nanoTime() - start;
    interruption.get(60, TimeUnit.SECONDS);
    List<long[]> allGaps;
    synchronized (gaps) {
      allGaps = List.copyOf(gapList);
    }
    return new StreamResult(acked.size(), failed.get(), elapsed, longest.get(), longestEnd.get(), allGaps,
        List.copyOf(acked));
  }

  public static TaskId task(int i) {
    return TaskId.forChild(TaskId.forDriver(JOB), i);
  }

  public static TaskSpec spec(TaskId id) {
    return new TaskSpec(id, JOB, TaskId.forDriver(JOB), TaskKind.NORMAL,
        new FunctionDescriptor("bench.Tasks", "work", "(I)I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.of("CPU", 1), null, new NodeId("node-0"), null, null, 0, 3, 0);
  }

  /** Kills the leader of {@code cluster}; returns the server killed. */
  public static InstanceSpec killLeader(TestingCluster cluster) {
    InstanceSpec leader = EmbeddedZooKeeper.awaitLeader(cluster);
    try {
      cluster.killServer(leader);
    } catch (Exception e) {
      throw new IllegalStateException("cannot kill " + leader + ": " + e, e);
    }
    return leader;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    List<String> rows = List.of((args.length > 1 ? args[1] : "a,b,c,c1,d,fk,lk").split(","));
    int kills = args.length > 2 ? Integer.parseInt(args[2]) : KILLS;
    StringBuilder table = new StringBuilder();
    table.append(String.format("%-44s %10s %12s %10s%n", "GCS (task-table adds, window " + WINDOW + ")", "entries",
        "durable/s", "stall ms"));
    System.out.print(table);

    if (rows.contains("a")) {
      try (InMemoryGcs memory = new InMemoryGcs(SHARDS, Clock.SYSTEM)) {
        streamTaskAdds(memory, 1_000_000, n / 5, WINDOW, null); // warm-up
        row(table, "(a) InMemoryGcs, 4 shards", streamTaskAdds(memory, 1, n, WINDOW, null));
      }
    }
    if (rows.contains("b")) {
      try (ZooKeeperGcs one = new ZooKeeperGcs("", SHARDS, Clock.SYSTEM, ZooKeeperGcs.Options.defaults())) {
        streamTaskAdds(one, 1_000_000, n / 5, WINDOW, null);
        row(table, "(b) ZooKeeperGcs, 1 embedded server", streamTaskAdds(one, 1, n, WINDOW, null));
      }
    }
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, TICK_MILLIS)) {
      cluster.start();
      int round = 0;
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults();
      if (rows.contains("c")) {
        try (ZooKeeperGcs three = new ZooKeeperGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM, options)) {
          streamTaskAdds(three, 1_000_000, n / 5, WINDOW, null);
          row(table, "(c) ZooKeeperGcs, 3-server ensemble", streamTaskAdds(three, 1, n, WINDOW, null));
        }
      }
      if (rows.contains("c1")) {
        try (ZooKeeperGcs serial = new ZooKeeperGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM,
            options.withCluster("serial").withBatchMaxInFlight(1))) {
          streamTaskAdds(serial, 1_000_000, n / 5, WINDOW, null);
          row(table, "(c1) as (c), one transaction in flight", streamTaskAdds(serial, 1, n, WINDOW, null));
        }
      }
      for (String d : rows) { // in the order given, repeats included
        if (!d.equals("d")) {
          continue;
        }
        round++;
        ZooKeeperGcs.Options o = options.withCluster("failover-" + round);
        InstanceSpec[] killed = new InstanceSpec[1];
        try (ZooKeeperGcs three = new ZooKeeperGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM, o)) {
          StreamResult r = streamTaskAdds(three, 1, n, WINDOW, () -> killed[0] = killLeader(cluster));
          row(table, "(d) as (c), leader killed midway", r);
          String note = String.format("    killed server %d; %d writes failed; tick %d ms, session timeout %d ms%n",
              killed[0].getServerId(), r.failed(), TICK_MILLIS, o.sessionTimeoutMs());
          table.append(note);
          System.out.print(note);
        }
        cluster.restartServer(killed[0]);
        EmbeddedZooKeeper.awaitLeader(cluster);
      }
      for (String k : List.of("fk", "lk", "fk0", "lk0")) {
        if (rows.contains(k)) {
          killRows(table, cluster, n / 5, kills, k.startsWith("l"), !k.endsWith("0"));
        }
      }
    }
    simpleRows(table, n, rows);
    String load = String.format("load average %.1f on %d processors, %d transactions in flight%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors(), ZooKeeperGcs.Options.defaults().batchMaxInFlight());
    table.append(load);
    System.out.println();
    System.out.print(table);
    System.exit(0); // the embedded servers leave non-daemon threads behind
  }

  /**
   * One server killed under a stream of writes: the longest time between two acknowledgements
   * that ended after the kill, and where it went (ms between the steps; -1 where a step was not seen): from the kill to the
   * client's disconnection ({@code detect}); to connected again ({@code reconnect}), which with
   * session moves splits into the time no server served (the election, for a leader's death), the
   * reconnect pause (from the last probe that found none serving to the one that found one: at
   * most the time a server served before the client noticed) and the session re-established (a
   * new handle resuming it on that server); to the writer's first transaction committed (reading
   * its cursor through Curator's retries, the resend); to the acknowledgement that ended the stall
   * (the reader replayed it). {@code before}: how long before the kill the stall began.
   */
  record Kill(int server, long stall, long before, long detect, long reconnect, long election, long pause, long session,
      long resend, long apply, int failed, int lost) {}

  /**
   * Rows fk and lk (and fk0, lk0: the same with the ZooKeeper client's own reconnection): {@code kills}
   * rounds, each a fresh client streaming {@code entries} task adds while, midway, the follower it is
   * connected to (fk) or the leader (lk) is killed; after each, a new client reads every acknowledged write back.
   */
  private static void killRows(StringBuilder table, TestingCluster cluster, int entries, int kills, boolean leader,
      boolean moveSessions) throws Exception {
    String kind = leader ? "leader" : "follower";
    List<Kill> done = new java.util.ArrayList<>();
    for (int k = 1; k <= kills; k++) {
      ZooKeeperGcs.Options o = ZooKeeperGcs.Options.defaults().withCluster(kind + (moveSessions ? "" : "-own") + "-" + k)
          .withSessionMoves(moveSessions);
      ZooKeeperGcs gcs = openOnFollowerIf(!leader, cluster, o);
      InstanceSpec target = leader ? EmbeddedZooKeeper.awaitLeader(cluster) : serverOn(cluster, gcs.connectedPort());
      long[] killedAt = new long[1];
      StreamResult r;
      ZooKeeperGcs.Failover f;
      try {
        r = streamTaskAdds(gcs, 1, entries, KILL_WINDOW, () -> {
          killedAt[0] = System.nanoTime();
          kill(cluster, target);
        });
        f = gcs.lastFailover();
      } finally {
        gcs.close();
      }
      int lost = lostWrites(cluster, o, r.acked());
      // The stall the kill caused: the longest gap that ended after it (not one of the stream's start, say).
      long[] gap = r.longestGapEndingAfter(killedAt[0]);
      long stallEnd = gap[1];
      Kill kill = new Kill(target.getServerId(), ms(gap[1] - gap[0]), ms(killedAt[0] - gap[0]),
          between(killedAt[0], f.disconnected()), between(f.disconnected(), f.connected()),
          between(f.disconnected(), f.notServing()), between(f.notServing(), f.serving()), between(f.serving(), f.connected()),
          between(f.connected(), f.firstCommit()), between(f.firstCommit(), stallEnd), r.failed(), lost);
      done.add(kill);
      String line = String.format("    %s %d killed (server %d): stall %d ms, begun %+d ms from the kill; %s; %d writes"
          + " failed, %d acknowledged writes lost%n", kind, k, kill.server(), kill.stall(), -kill.before(), parts(kill),
          kill.failed(), kill.lost());
      table.append(line);
      System.out.print(line);
      cluster.restartServer(target);
      awaitAllServing(cluster);
    }
    String name = String.format("(%s%s) the client's %s killed, x%d", leader ? "lk" : "fk", moveSessions ? "" : "0",
        kind, kills);
    if (!moveSessions) {
      name = String.format("(%s0) as %s, ZooKeeper's own reconnection", leader ? "lk" : "fk", leader ? "lk" : "fk");
    }
    Kill m = new Kill(-1, median(done, Kill::stall), median(done, Kill::before), median(done, Kill::detect),
        median(done, Kill::reconnect), median(done, Kill::election), median(done, Kill::pause), median(done, Kill::session), median(done, Kill::resend),
        median(done, Kill::apply), done.stream().mapToInt(Kill::failed).sum(), done.stream().mapToInt(Kill::lost).sum());
    String row = String.format("%-44s %10s %12s %10d  (median)%n", name, entries + "/kill", "", m.stall());
    String summary = String.format("    medians: %s; %d writes failed, %d acknowledged writes lost in %d kills%s%n"
        + "    tick %d ms, session timeout %d ms, leader connect retry %s ms, first election notification wait %s ms%n",
        parts(m), m.failed(), m.lost(), kills, m.lost() == 0 ? " (none: every write acknowledged was read back)" : "",
        TICK_MILLIS, ZooKeeperGcs.Options.defaults().sessionTimeoutMs(),
        System.getProperty("zookeeper.leaderConnectDelayDuringRetryMs"),
        System.getProperty("zookeeper.fastleader.minNotificationInterval"));
    table.append(row).append(summary);
    System.out.print(row + summary);
  }

  private static String parts(Kill k) {
    return String.format("until disconnected %s + until connected again %s (no server serving %s, reconnect pause"
        + " at most %s, session re-established %s) + writer's resend committed %s + applied and acknowledged %s",
        part(k.detect()),
        part(k.reconnect()), part(k.election()), part(k.pause()), part(k.session()), part(k.resend()), part(k.apply()));
  }

  private static String part(long millis) {
    return millis < 0 ? "-" : Long.toString(millis);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  // Milliseconds from one step to the next; -1 if either was not seen.
  private static long between(long from, long to) {
    return from == 0 || to == 0 || to < from ? -1 : ms(to - from);
  }

  private static long median(List<Kill> kills, java.util.function.ToLongFunction<Kill> part) {
    long[] seen = kills.stream().mapToLong(part).filter(v -> v >= 0).sorted().toArray();
    return seen.length == 0 ? -1 : seen[seen.length / 2];
  }

  /** A client of {@code cluster}; if {@code onFollower}, one that happened to connect to a follower (it picks a server at random). */
  private static ZooKeeperGcs openOnFollowerIf(boolean onFollower, TestingCluster cluster, ZooKeeperGcs.Options o) {
    for (int attempt = 0; attempt < 30; attempt++) {
      ZooKeeperGcs gcs = new ZooKeeperGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM, o);
      InstanceSpec leader = EmbeddedZooKeeper.awaitLeader(cluster);
      if (!onFollower || (gcs.connectedPort() > 0 && gcs.connectedPort() != leader.getPort())) {
        return gcs;
      }
      gcs.close();
    }
    throw new IllegalStateException("30 clients in a row connected to the leader of " + cluster.getConnectString());
  }

  private static InstanceSpec serverOn(TestingCluster cluster, int port) {
    return cluster.getInstances().stream().filter(s -> s.getPort() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no server of the ensemble listens on port " + port));
  }

  private static void kill(TestingCluster cluster, InstanceSpec server) {
    try {
      cluster.killServer(server);
    } catch (Exception e) {
      throw new IllegalStateException("cannot kill " + server + ": " + e, e);
    }
  }

  /** How many of {@code acked} a new client of the same cluster cannot read. */
  private static int lostWrites(TestingCluster cluster, ZooKeeperGcs.Options o, List<TaskId> acked) throws Exception {
    try (ZooKeeperGcs reader = new ZooKeeperGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM, o)) {
      int lost = 0;
      for (TaskId id : acked) {
        if (reader.taskTable().lookup(id).get(10, TimeUnit.SECONDS).isEmpty()) {
          lost++;
        }
      }
      return lost;
    }
  }

  /** Waits until every server of {@code cluster} serves again (the one restarted has synced with the leader). */
  private static void awaitAllServing(TestingCluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!EmbeddedZooKeeper.allServing(cluster)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ensemble was not whole again 30 s after a restart");
      }
      Thread.sleep(20);
    }
  }

  /** Lab 5's {@link ZooKeeperSimpleGcs} (one znode per row, no batching), measured as (b) to (d) are. */
  private static void simpleRows(StringBuilder table, int n, List<String> rows) throws Exception {
    if (rows.contains("e")) {
      try (ZooKeeperSimpleGcs one = new ZooKeeperSimpleGcs("", SHARDS, Clock.SYSTEM, ZooKeeperGcs.Options.defaults())) {
        streamTaskAdds(one, 1_000_000, n / 5, WINDOW, null);
        row(table, "(e) ZooKeeperSimpleGcs, 1 embedded server", streamTaskAdds(one, 1, n, WINDOW, null));
      }
    }
    if (!rows.contains("f") && !rows.contains("g")) {
      return;
    }
    try (TestingCluster cluster = EmbeddedZooKeeper.cluster(3, TICK_MILLIS)) {
      cluster.start();
      ZooKeeperGcs.Options options = ZooKeeperGcs.Options.defaults().withCluster("simple");
      if (rows.contains("f")) {
        try (ZooKeeperSimpleGcs three = new ZooKeeperSimpleGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM,
            options)) {
          streamTaskAdds(three, 1_000_000, n / 5, WINDOW, null);
          row(table, "(f) ZooKeeperSimpleGcs, 3-server ensemble", streamTaskAdds(three, 1, n, WINDOW, null));
        }
      }
      if (!rows.contains("g")) {
        return;
      }
      InstanceSpec[] killed = new InstanceSpec[1];
      try (ZooKeeperSimpleGcs three = new ZooKeeperSimpleGcs(cluster.getConnectString(), SHARDS, Clock.SYSTEM,
          options.withCluster("simple-failover"))) {
        StreamResult r = streamTaskAdds(three, 1, n, WINDOW, () -> killed[0] = killLeader(cluster));
        row(table, "(g) as (f), leader killed midway", r);
        table.append(String.format("    killed server %d; %d writes failed%n", killed[0].getServerId(), r.failed()));
      }
      cluster.restartServer(killed[0]);
    }
  }

  private static void row(StringBuilder table, String name, StreamResult r) {
    String line = String.format("%-44s %10d %12.0f %10d%n", name, r.acknowledged(), r.perSecond(),
        r.longestStallMillis());
    table.append(line);
    System.out.print(line);
  }
}
