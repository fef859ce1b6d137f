package org.miniray.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.transport.netty.Protocol.HeadInfo;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.WireClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined process's watch on its head (paper section 4.2.1: the GCS holds the state, so what a
 * head's death costs depends on where the GCS lives). It notices the connection to the head going
 * down and logs when the head answers again, saying whether it is a new head process. Where the
 * head's GCS did not outlive it, it tells its {@link Listener} once, when the head stayed silent
 * for longer than its heartbeat timeout or a new head process answered (its state is gone): a
 * driver's job cannot go on, and its program is told so at once rather than waiting in a
 * {@code get} forever. It runs on a thread of its own, so work in the process cannot delay it.
 *
 * <p>A standby head that takes over is seen the same way as a head restarted: the connection,
 * given the head and its standbys, comes back to whichever listens now, and a new head process
 * answers there, at another address.
 */
final class HeadWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeadWatch.class);

  /** Hears of the head's deaths and restarts. */
  interface Listener {
    /** The cluster's state died with the head; {@code why} says what happened, naming the head. */
    void lost(String why);

    /**
     * A new head process answers at the head's address, and the cluster's state outlived the old
     * one in a GCS outside it: what this process told the old head while it was dying or away
     * may be lost, and is told again. {@code downSinceMillis}: when this watch first saw the
     * connection down, on its clock.
     */
    void restarted(long downSinceMillis);
  }

  private final WireClient head;
  private String address; // of the head that answered last; only the watch's thread reads and writes it
  private final HeadInfo joined;
  private String incarnation; // of the head that answered last; only the watch's thread reads and writes it
  private final Listener listener;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private long downSinceMillis = -1; // only the watch's thread reads and writes it
  private boolean lostTold;

  private HeadWatch(WireClient head, HeadInfo joined, Listener listener, Clock clock, long everyMs) {
    this.head = head;
    this.address = where(head);
    this.joined = joined;
    this.incarnation = joined.incarnation();
    this.listener = listener;
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-head-watch-%d"));
    thread.scheduleWithFixedDelay(this::check, everyMs, everyMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks the head at the other end of {@code head} who it is, then watches it every
   * {@code everyMs}; fails if the head does not answer (the process cannot join it).
   */
  static HeadWatch start(WireClient head, Listener listener, long everyMs) {
    return new HeadWatch(head, ask(head, 10_000), listener, Clock.SYSTEM, everyMs);
  }

  private static String where(WireClient head) {
    return head.connection().serverAddress().getHostString() + ":" + head.connection().serverAddress().getPort();
  }

  private static HeadInfo ask(WireClient head, long timeoutMs) {
    try {
      return head.<HeadInfo>call(Message.HEAD_INFO, null).get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the head at " + head.connection().serverAddress() + " did not say who it is: "
          + e, e);
    }
  }

  // It never reconnects itself: the process's heartbeats, every interval, do (a call on a connection
  // that is down reconnects), and a watch queuing behind them for the reconnecting lock would be
  // late. It looks whether the connection is up, and asks who answers once it is up again.
  private void check() {
    try {
      if (head.connection().isConnected()) {
        if (downSinceMillis >= 0) {
          answered(ask(head, joined.heartbeatTimeoutMs()));
        }
        return;
      }
      long now = clock.millis();
      if (downSinceMillis < 0) {
        downSinceMillis = now;
        log.warn("the connection to the head at {} is down; waiting for it to answer again", address);
      }
      long silent = now - downSinceMillis;
      if (!joined.gcsOutlivesHead() && silent >= joined.heartbeatTimeoutMs()) {
        lose("the head at " + address + " has not answered for " + silent + " ms (its heartbeat timeout is "
            + joined.heartbeatTimeoutMs() + " ms), and " + gcsDies());
      }
    } catch (RuntimeException e) {
      log.warn("watching the head at {}: {}", address, e.toString());
    }
  }

  private void answered(HeadInfo now) {
    long downSince = downSinceMillis;
    long silent = clock.millis() - downSince;
    downSinceMillis = -1;
    boolean restarted = !now.incarnation().equals(incarnation);
    incarnation = now.incarnation();
    String before = address;
    address = where(head);
    if (before.equals(address)) {
      log.info("the head at {} answers again after {} ms{}", address, silent, restarted ? ", a new head process" : "");
    } else {
      log.info("a head at {} answers after {} ms, in place of the head at {}{}", address, silent, before,
          restarted ? ", a new head process (a standby took over)" : "");
    }
    if (restarted && !joined.gcsOutlivesHead()) {
      lose("the head at " + address + " was restarted, and " + gcsDies());
    } else if (restarted) {
      listener.restarted(downSince);
    }
  }

  private String gcsDies() {
    return "its GCS (" + joined.gcs() + ", inside the head) does not survive a head restart: the cluster's state "
        + "(tasks, objects, actors, jobs) went with it. A head that can restart keeps its GCS outside: miniray "
        + "start --head --gcs zk://HOST:PORT,...";
  }

  private void lose(String why) {
    if (lostTold) {
      return;
    }
    lostTold = true;
    log.error(why);
    listener.lost(why);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
