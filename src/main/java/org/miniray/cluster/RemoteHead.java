package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.miniray.common.DaemonThreads;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.remote.HeadRetries;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.ActorId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.MessageBatch;
import org.miniray.transport.netty.Protocol.DriverTasks;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.WireClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's control plane as a node or a driver process sees it: the GCS, the lineage replayer
 * and the actor supervisor on one connection to the head, and membership (the node table: this
 * process's heartbeats, the news of deaths) and the watch of the head on a second, so that they
 * never wait behind the first's traffic (issue 15, a failure detector that does not lie).
 */
final class RemoteHead implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteHead.class);

  private static final long KEEP_EVERY_MS = 100;
  /** Most of a driver's tasks in one message, as for actor calls. */
  static final int TASKS_PER_BATCH = 512;
  /** A driver's tasks queued beyond which the submitting thread sends them itself (and so waits while the connection is backed up). */
  static final int TASKS_QUEUED = 8_192;
  private final RemoteGcs main;
  private final ScheduledExecutorService keeper;
  private final RemoteGcs membership;
  private final Gcs gcs;
  private final LineageReplayer lineage;

  /** @param heads the head and its standbys: each connection goes to whichever is active */
  RemoteHead(ProcessNetwork net, List<InetSocketAddress> heads) {
    // Calls on the main connection outlast a restart of the head; membership's are not retried:
    // a heartbeat retried would pile up behind the next ones, which go out anyway.
    this.main = net.connectGcsRetrying(heads);
    this.membership = net.connectGcs(heads);
    this.gcs = main.withNodeTableOf(membership);
    this.lineage = new RemoteLineageReplayer(main.client());
    // The membership connection reconnects at the next heartbeat; the main one only at its next
    // call, and a node's calls come mostly from event loops, which must not wait to reconnect (its
    // subscriptions and lineage questions would fail until some other thread called). So a thread
    // of its own brings it back once the head answers again.
    this.keeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-head-connection"));
    keeper.scheduleWithFixedDelay(this::keepMainConnected, KEEP_EVERY_MS, KEEP_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  private void keepMainConnected() {
    try {
      main.client().connection().reconnectIfDown();
    } catch (RuntimeException e) {
      log.debug("the head is not answering yet: {}", e.toString());
    }
  }

  /** The GCS, its node table on the membership connection. */
  Gcs gcs() {
    return gcs;
  }

  /** The membership connection's client: where the head is watched from. */
  WireClient membershipClient() {
    return membership.client();
  }

  LineageReplayer lineage() {
    return lineage;
  }

  /** Where a node's local scheduler forwards tasks: the head's global scheduler. */
  GlobalScheduler globalScheduler() {
    return new RemoteGlobalScheduler(main.retries());
  }

  /**
   * Sends again what went out one-way to the head in the last {@link HeadRetries#RECENT_WINDOW_MS}
   * before {@code downSinceMillis} ({@link HeadRetries#sendAgain}): a head makes what it receives
   * durable within its GCS's batch delay (milliseconds, a few hundred on a loaded machine), and the
   * watch notices a lost connection within a heartbeat interval. A task the new head holds for good
   * (its row is in the task table, or its actor was built) is not sent again ({@link HeldByTheHead}).
   * Returns how many went again.
   */
  int sendAgainWhatWentOutBefore(long downSinceMillis) {
    return main.retries().sendAgain(downSinceMillis, HeadRetries.RECENT_WINDOW_MS, new HeldByTheHead(gcs));
  }

  /**
   * Where a driver's tasks go: the head node's local scheduler. The tasks submitted while the main
   * connection sends the previous message go together, in one SUBMIT_FROM_DRIVER_BATCH of up to
   * {@value #TASKS_PER_BATCH}; a lone task goes alone, at once.
   */
  GlobalScheduler driverSubmissions() {
    main.client().batchSending(new MessageBatch.Form<TaskSpec>(Message.SUBMIT_FROM_DRIVER, spec -> spec,
        Message.SUBMIT_FROM_DRIVER_BATCH, DriverTasks::new, TASKS_PER_BATCH, TASKS_QUEUED));
    return RemoteGlobalScheduler.forDriver(main.retries());
  }

  /** Asks the head's actor supervisor to look after actor {@code id}. */
  void watch(ActorId id) {
    main.retries().send(Message.WATCH_ACTOR, id).exceptionally(e -> {
      log.warn("cannot ask the head to look after actor {}; it will not be restarted if its node dies: {}", id,
          e.toString());
      return null;
    });
  }

  @Override
  public void close() {
    keeper.shutdownNow();
    lineage.close();
    gcs.close();
  }
}
