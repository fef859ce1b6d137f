package org.miniray.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.miniray.common.Clock;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's failure detector: a node whose last heartbeat is older than the timeout is marked
 * dead in the node table, and its object locations are dropped, so everyone learns of it by
 * subscription. Heartbeat times are stamped by the GCS on the head, so one clock judges them all.
 */
final class HeartbeatMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatMonitor.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "miniray-heartbeat-monitor");
    t.setDaemon(true);
    return t;
  });

  HeartbeatMonitor(NodeTable nodes, org.miniray.gcs.ObjectTable objects, Clock clock, long timeoutMs) {
    long every = Math.max(10, timeoutMs / 4);
    timer.scheduleAtFixedRate(() -> {
      try {
        long now = clock.millis();
        for (NodeEntry e : nodes.all().join()) {
          if (e.alive() && now - e.lastHeartbeatMillis() > timeoutMs) {
            log.warn("node {} sent no heartbeat for {} ms (timeout {} ms): marking it dead", e.info().id(),
                now - e.lastHeartbeatMillis(), timeoutMs);
            nodes.markDead(e.info().id()).join();
            objects.removeNode(e.info().id());
          }
        }
      } catch (RuntimeException ex) {
        log.warn("heartbeat check failed: {}", ex.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
