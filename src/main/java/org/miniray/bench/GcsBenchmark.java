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
 * when the ZooKeeper leader dies. Not a unit test: run it by hand and read the table.
 *
 * <pre>
 * make bench-gcs                      # or, after make build:
 * java -cp target/classes:$(cat target/classpath.txt) org.miniray.bench.GcsBenchmark [entries] [rows]
 * </pre>
 * {@code rows} picks some of a,b,c,c1,d (default all), for example {@code c,d}; d may repeat.
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

  private GcsBenchmark() {}

  /** The outcome of {@link #streamTaskAdds}. */
  public record StreamResult(int acknowledged, int failed, long elapsedNanos, long longestStallNanos, List<TaskId> acked) {
    double perSecond() {
      return acknowledged * 1e9 / elapsedNanos;
    }

    public long longestStallMillis() {
      return TimeUnit.NANOSECONDS.toMillis(longestStallNanos);
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
          longest.accumulateAndGet(now - previous, Math::max);
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
    return new StreamResult(acked.size(), failed.get(), elapsed, longest.get(), List.copyOf(acked));
  }

  public static TaskId task(int i) {
    return TaskId.forChild(TaskId.forDriver(JOB), i);
  }

  static TaskSpec spec(TaskId id) {
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
    List<String> rows = List.of((args.length > 1 ? args[1] : "a,b,c,c1,d").split(","));
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
