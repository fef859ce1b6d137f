package org.miniray.fault;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobState;
import org.miniray.gcs.NodeEntry;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure detector: every quarter of the timeout it reads the node table, and a live node
 * whose last heartbeat is older than the timeout is marked dead there, and removed from every
 * object's locations; a job whose driver submitted through that node is marked failed in the job
 * table. It keeps no state of its own, so it can run anywhere that reaches the GCS
 * (beside the global scheduler here; on the head node of a multi-process cluster) and a replica
 * can take over. A node is declared dead between {@code timeout} and {@code 1.25 * timeout}
 * after its last heartbeat.
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
  // Silences are counted from here at the earliest: the start, or the end of the latest GCS stall.
  private volatile long countFrom;

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
    long every = Math.max(1, timeoutMillis / 4);
    thread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      long now = clock.millis();
      List<NodeEntry> nodes = gcs.nodeTable().all().join();
      long newest = Long.MIN_VALUE;
      for (NodeEntry n : nodes) {
        if (n.alive()) {
          newest = Math.max(newest, n.lastHeartbeatMillis());
        }
      }
      if (newest != Long.MIN_VALUE && now - newest > timeoutMillis / 2) {
        // No live node's heartbeat got through for half the timeout: the GCS itself stalls (a
        // ZooKeeper failover), not the nodes. Silences count again from when it resumes.
        countFrom = now;
        return;
      }
      for (NodeEntry n : nodes) {
        long silent = now - Math.max(n.lastHeartbeatMillis(), countFrom);
        if (n.alive() && silent > timeoutMillis) {
          declareDead(n.info().id(), now - n.lastHeartbeatMillis());
        }
      }
    } catch (RuntimeException e) {
      log.debug("node check failed: {}", e.toString());
    }
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
    thread.shutdownNow();
  }
}
