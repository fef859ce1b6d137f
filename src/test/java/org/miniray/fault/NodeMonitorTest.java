package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.NodeId;
import org.miniray.task.ResourceSet;

/**
 * The failure detector goes by when a heartbeat arrived, where it is told, and not only by the
 * GCS's time of it (issue 15): on a loaded machine the GCS's log runs seconds behind the messages.
 * The clock is moved by hand, so the silences are exact.
 */
class NodeMonitorTest {
  private static final long TIMEOUT_MS = 1_000;
  private final AtomicLong nanos = new AtomicLong();
  private final Clock clock = nanos::get;
  private final InMemoryGcs gcs = new InMemoryGcs(1, clock);
  private final NodeId heard = new NodeId("node-heard");
  private final NodeId silent = new NodeId("node-silent");
  private NodeMonitor monitor;

  @AfterEach
  void close() {
    if (monitor != null) {
      monitor.close();
    }
    gcs.close();
  }

  private boolean alive(NodeId id) {
    return gcs.nodeTable().all().join().stream().filter(n -> n.info().id().equals(id)).findFirst()
        .map(NodeEntry::alive).orElseThrow();
  }

  @Test
  void aNodeWhoseHeartbeatsArriveStaysAliveThoughTheGcsHasNoNewerTimeOfItsAndASilentOneDies() {
    gcs.nodeTable().register(new NodeInfo(heard, "in-jvm", ResourceSet.of("CPU", 1))).join();
    gcs.nodeTable().register(new NodeInfo(silent, "in-jvm", ResourceSet.of("CPU", 1))).join();
    monitor = new NodeMonitor(gcs, clock, TIMEOUT_MS, EventRecorder.OFF, job -> { });

    // Time passes in steps of a tenth of the timeout; only the heard node's heartbeats arrive, and
    // none of them reaches the GCS's table.
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
      nanos.addAndGet(TIMEOUT_MS / 10 * 1_000_000);
      monitor.heartbeatArrived(heard);
      return !alive(silent);
    });

    assertThat(alive(heard)).as("the node whose heartbeats arrived").isTrue();
    assertThat(monitor.silences().getTotalCount()).as("silences recorded").isPositive();
    assertThat(monitor.silences().getMaxValue()).as("the longest silence: the silent node's, past the timeout")
        .isGreaterThan(TIMEOUT_MS);
    assertThat(monitor.silenceSummary()).contains("the timeout is 1000 ms").contains("node-silent");
  }
}
