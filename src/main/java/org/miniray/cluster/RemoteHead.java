package org.miniray.cluster;

import java.net.InetSocketAddress;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.ActorId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.transport.netty.Protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's control plane as a node or a driver process sees it: the GCS, the lineage replayer
 * and the actor supervisor, all on one connection to the head.
 */
final class RemoteHead implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteHead.class);

  private final RemoteGcs gcs;
  private final LineageReplayer lineage;

  RemoteHead(ProcessNetwork net, InetSocketAddress head) {
    this.gcs = net.connectGcs(head);
    this.lineage = new RemoteLineageReplayer(gcs.client());
  }

  RemoteGcs gcs() {
    return gcs;
  }

  LineageReplayer lineage() {
    return lineage;
  }

  /** Where a node's local scheduler forwards tasks: the head's global scheduler. */
  GlobalScheduler globalScheduler() {
    return new RemoteGlobalScheduler(gcs.client());
  }

  /** Where a driver's tasks go: the head node's local scheduler. */
  GlobalScheduler driverSubmissions() {
    return RemoteGlobalScheduler.forDriver(gcs.client());
  }

  /** Asks the head's actor supervisor to look after actor {@code id}. */
  void watch(ActorId id) {
    try {
      gcs.client().send(Message.WATCH_ACTOR, id);
    } catch (RuntimeException e) {
      log.warn("cannot ask the head to look after actor {}; it will not be restarted if its node dies: {}", id,
          e.toString());
    }
  }

  @Override
  public void close() {
    lineage.close();
    gcs.close();
  }
}
