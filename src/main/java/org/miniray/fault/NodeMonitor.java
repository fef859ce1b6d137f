package org.miniray.fault;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobState;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure detector: every quarter of the timeout it reads the node table, and a live node
 * whose last heartbeat is older than the timeout is marked dead there, and removed from every
 * object's locations; a job whose driver submitted through that node is marked failed in the job
 * table. It keeps no state the cluster depends on (only when heartbeats arrived, which a new
 * monitor relearns), so it can run anywhere that reaches the GCS (beside the global scheduler
 * here; on the head node of a multi-process cluster) and a replica can take over. It reads every quarter of the timeout (at most every {@value #MAX_CHECK_EVERY_MS}
 * ms), so a node is declared dead at most that long after its timeout.
 *
 * <p>Where heartbeats reach it as messages (the head of a cluster of processes), a heartbeat counts
 * from when it arrived ({@link #heartbeatArrived}), not from when the GCS logged it: on a loaded
 * machine the GCS's log runs seconds behind, and a node is not silent because its heartbeat waits
 * in the head's queue to the GCS. A monitor elsewhere (a standby) goes by the GCS's times alone,
 * which only makes it slower to declare a death.
 *
 * <p>It records how long each live node had been silent at each check, so that the timeout can be
 * set from what a loaded machine shows (issue 15): {@link #silences()}, and a summary in the log
 * when it closes, beside the silences the GCS's times alone would have shown.
 *
 * <p>When no live node's heartbeat has reached the GCS for half the timeout, it is the GCS that
 * stalls (its ZooKeeper ensemble electing a leader), not every node at once: the monitor then
 * declares nobody dead, and counts silences again from when heartbeats resume. A cluster whose
 * every node dies at once is therefore not declared dead; nobody is left to care.
 */
public final class NodeMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeMonitor.class);

  private final Gcs gcs;
  private final Clock clock;
  private final long timeoutMillis;
  private final EventRecorder events;
  private final Consumer<JobId> jobEnded;
  private final ScheduledExecutorService thread;
  /** Checks at least this often, so that the silences it records are close to the real gaps. */
  static final long MAX_CHECK_EVERY_MS = 250;

  // Silences are counted from here at the earliest: the start, or the end of the latest GCS stall.
  private volatile long countFrom;
  private final long everyMillis;
  // When the latest check ran, by the real clock (not the GCS's, which may be virtual): how late this thread runs.
  private long lastCheckNanos = Clock.SYSTEM.nanoTime();
  // Each live node's silence at each check, in ms (guarded by itself), and what the GCS's times alone showed.
  private final Histogram silences = new Histogram(3);
  private final Histogram gcsSilences = new Histogram(3);
  // When each node's latest heartbeat arrived here, by this monitor's clock (empty where none come as messages).
  private final ConcurrentHashMap<NodeId, Long> arrivals = new ConcurrentHashMap<>();
  private volatile NodeId longestSilent;

  /**
   * {@code clock} must be the GCS's (heartbeat times are by it); {@code jobEnded} hears of each job
   * whose driver it declared dead (to end the job's actors), whether the job had ended or not.
   */
  public NodeMonitor(Gcs gcs, Clock clock, long timeoutMillis, EventRecorder events, Consumer<JobId> jobEnded) {
    this.gcs = gcs;
    this.jobEnded = jobEnded;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
    this.events = events;
    this.countFrom = clock.millis();
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-node-monitor"));
    long every = Math.max(1, Math.min(MAX_CHECK_EVERY_MS, timeoutMillis / 4));
    this.everyMillis = every;
    thread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  /** A heartbeat of {@code node} arrived at this process now (before it reaches the GCS's log). */
  public void heartbeatArrived(NodeId node) {
    arrivals.put(node, clock.millis());
  }

  /** {@code nodes}, telling this monitor of each heartbeat written through it ({@link #heartbeatArrived}). */
  public NodeTable hearing(NodeTable nodes) {
    return new NodeTable() {
      @Override
      public CompletableFuture<Void> register(NodeInfo info) {
        return nodes.register(info);
      }

      @Override
      public CompletableFuture<Void> heartbeat(NodeId id, NodeLoad load) {
        heartbeatArrived(id);
        return nodes.heartbeat(id, load);
      }

      @Override
      public CompletableFuture<Void> markDead(NodeId id) {
        return nodes.markDead(id);
      }

      @Override
      public CompletableFuture<List<NodeEntry>> all() {
        return nodes.all();
      }

      @Override
      public Subscription subscribe(Consumer<NodeEntry> listener) {
        return nodes.subscribe(listener);
      }
    };
  }

  private void check() {
    try {
      long now = clock.millis();
      long real = Clock.SYSTEM.nanoTime();
      long lateMillis = (real - lastCheckNanos) / 1_000_000 - everyMillis;
      lastCheckNanos = real;
      if (lateMillis > timeoutMillis / 4) {
        // This monitor's own thread ran late: its process paused (a long collection, a starved
        // machine), and so, for all it can tell, did the heartbeats it would have heard. Silences
        // count again from now; else the first heartbeat in after the pause would make every
        // other node look silent.
        log.info("the node monitor ran {} ms late: counting silences from now", lateMillis);
        countFrom = now;
        return;
      }
      List<NodeEntry> nodes = gcs.nodeTable().all().join();
      long newest = Long.MIN_VALUE;
      for (NodeEntry n : nodes) {
        if (n.alive()) {
          newest = Math.max(newest, lastHeard(n));
        }
      }
      if (newest != Long.MIN_VALUE && now - newest > timeoutMillis / 2) {
        // No live node's heartbeat got through for half the timeout: the GCS itself stalls (a
        // ZooKeeper failover), or this process did (a long pause), not the nodes. Silences count
        // again from when it resumes.
        countFrom = now;
        return;
      }
      for (NodeEntry n : nodes) {
        if (!n.alive()) {
          arrivals.remove(n.info().id()); // a driver per job: the map must not grow with them
          continue;
        }
        long silent = now - Math.max(lastHeard(n), countFrom);
        record(n.info().id(), silent, now - Math.max(n.lastHeartbeatMillis(), countFrom));
        if (silent > timeoutMillis) {
          declareDead(n.info().id(), now - lastHeard(n));
        }
      }
    } catch (RuntimeException e) {
      log.debug("node check failed: {}", e.toString());
    }
  }

  private long lastHeard(NodeEntry n) {
    Long arrived = arrivals.get(n.info().id());
    return arrived == null ? n.lastHeartbeatMillis() : Math.max(arrived, n.lastHeartbeatMillis());
  }

  private void record(NodeId id, long silentMillis, long gcsSilentMillis) {
    long ms = Math.max(0, silentMillis);
    synchronized (silences) {
      if (ms > silences.getMaxValue()) {
        longestSilent = id;
      }
      silences.recordValue(ms);
      gcsSilences.recordValue(Math.max(0, gcsSilentMillis));
    }
  }

  /** A copy of the silences recorded so far: each live node's time since its last heartbeat, at each check, in ms. */
  public Histogram silences() {
    synchronized (silences) {
      return silences.copy();
    }
  }

  /** One line on the silences recorded so far, against the timeout. */
  public String silenceSummary() {
    Histogram h = silences();
    if (h.getTotalCount() == 0) {
      return "no heartbeat silences recorded yet";
    }
    Histogram byGcs;
    synchronized (silences) {
      byGcs = gcsSilences.copy();
    }
    return String.format("heartbeat silences seen at %d checks of live nodes: median %d ms, 99th percentile %d ms, "
        + "99.9th %d ms, longest %d ms (%s); by the GCS's times alone: median %d ms, 99th %d ms, longest %d ms; "
        + "the timeout is %d ms", h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9), h.getMaxValue(), longestSilent, byGcs.getValueAtPercentile(50),
        byGcs.getValueAtPercentile(99), byGcs.getMaxValue(), timeoutMillis);
  }

  private void declareDead(NodeId id, long silentMillis) {
    log.warn("node {} sent no heartbeat for {} ms: marking it dead", id, silentMillis);
    events.node(Event.Kind.NODE_DIED, id + " silent for " + silentMillis + " ms");
    // Dead first, then its copies go: a reader who sees an entry without copies finds the death.
    gcs.nodeTable().markDead(id).join();
    gcs.objectTable().removeNode(id).join();
    failJobsDrivenFrom(id);
  }

  /**
   * A driver that dies before it shuts down leaves its job failed, not running for ever; and the
   * job's actors end with it (also when it exited without {@code Ray.shutdown()}).
   */
  private void failJobsDrivenFrom(NodeId id) {
    for (JobEntry j : gcs.jobTable().all().join()) {
      if (!j.info().driver().equals(id)) {
        continue;
      }
      if (j.state() == JobState.RUNNING) {
        log.warn("job {} failed: its driver {} is dead", j.id(), id);
        gcs.jobTable().end(j.id(), JobState.FAILED, clock.epochMillis()).join();
      }
      jobEnded.accept(j.id());
    }
  }

  @Override
  public void close() {
    if (!thread.isShutdown()) {
      thread.shutdownNow();
      log.info("{}", silenceSummary());
    }
  }
}
