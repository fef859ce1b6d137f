package org.miniray.gcs.zookeeper;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ZooKeeperLogReader} learns that its log grew: a persistent recursive watch on the
 * log's znode, whose events name each segment created ({@link #announced}). Any other event (the
 * pointer moved, segments deleted, the connection changed, so events may have been missed) means
 * the next round must read the znode ({@link #mustRead}). A server without persistent watches
 * (before ZooKeeper 3.6) gets a child watch, set again by the listing every round then makes.
 */
final class LogWatch {
  private static final Logger log = LoggerFactory.getLogger(LogWatch.class);

  private enum State { TO_ADD, SET, LISTING }

  private final CuratorFramework client;
  private final String path;
  private final String logName;
  private final Runnable nudge;
  private final CuratorWatcher watcher = this::onEvent;
  // The highest segment number an event announced; set by ZooKeeper's event thread.
  private final AtomicLong announced = new AtomicLong(-1);
  private final AtomicBoolean mustRead = new AtomicBoolean(true);
  private volatile State state = State.TO_ADD;

  /** The watch of log {@code logName} at {@code path}; each event runs {@code nudge}. */
  LogWatch(CuratorFramework client, String path, String logName, Runnable nudge) {
    this.client = client;
    this.path = path;
    this.logName = logName;
    this.nudge = nudge;
  }

  /** Sets the watch if it is not (at start, after a lost session); on the reader's thread. */
  void setIfNeeded() throws Exception {
    if (state != State.TO_ADD) {
      return;
    }
    try {
      mustRead.set(true); // what came before the watch, a read finds
      client.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE).usingWatcher(watcher).forPath(path);
      state = State.SET;
    } catch (KeeperException.UnimplementedException old) {
      log.info("GCS log {}: the ZooKeeper server has no persistent watches; listing the log each round", logName);
      state = State.LISTING;
    }
  }

  /** Whether every round must list the log with a child watch ({@link #childWatcher}): an old server. */
  boolean listing() {
    return state == State.LISTING;
  }

  /** The watcher a listing sets, on a server without persistent watches. */
  CuratorWatcher childWatcher() {
    return watcher;
  }

  /** Whether this round must read the log's znode; clears it (a failed round calls {@link #readAgain}). */
  boolean mustRead() {
    return mustRead.getAndSet(false);
  }

  void readAgain() {
    mustRead.set(true);
  }

  /** The highest segment number a watch event announced; -1 if none. */
  long announced() {
    return announced.get();
  }

  /** The session was lost and found again: a new session has no watches, so set it again. */
  void reconnected() {
    if (state == State.SET) {
      state = State.TO_ADD;
    }
    mustRead.set(true);
  }

  private void onEvent(WatchedEvent e) {
    String p = e.getPath();
    if (e.getType() == Watcher.Event.EventType.NodeCreated && p != null && p.startsWith(path + "/seg-")) {
      announced.accumulateAndGet(Long.parseLong(p.substring(p.lastIndexOf('-') + 1)), Math::max);
    } else {
      mustRead.set(true);
    }
    nudge.run();
  }
}
