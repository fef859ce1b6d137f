package org.miniray.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.miniray.common.DaemonThreads;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster, through the node table: it registers, heartbeats its
 * load, and hears of deaths (paper section 4.2.1). A death of another node is passed on (objects
 * this node waits for may have been lost with it); this node's own death, when declared by the
 * node monitor while it still runs, is passed to {@code declaredDead} (fencing).
 */
final class Membership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final NodeId id;
  private final NodeInfo me;
  private final NodeTable nodes;
  private final Supplier<NodeLoad> load;
  private final ScheduledExecutorService heartbeats;
  private final Subscription deaths;
  // Every node this one has heard of, and whether it is alive, from the node table's subscription.
  private final ConcurrentHashMap<NodeId, Boolean> nodesAlive = new ConcurrentHashMap<>();
  private volatile boolean stopped;
  private final AtomicBoolean registering = new AtomicBoolean();

  /**
   * Registers {@code me} and heartbeats every {@code everyMs}.
   *
   * @param otherDied told of every other node's death
   * @param declaredDead told when the cluster declares this node dead, with what to tell its waiters
   */
  Membership(NodeInfo me, NodeTable nodes, Supplier<NodeLoad> load, long everyMs, Consumer<NodeId> otherDied,
      Consumer<String> declaredDead) {
    this.id = me.id();
    this.me = me;
    this.nodes = nodes;
    this.load = load;
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-" + id + "-heartbeat"));
    nodes.register(me).join();
    heartbeat();
    heartbeats.scheduleAtFixedRate(this::heartbeat, everyMs, everyMs, TimeUnit.MILLISECONDS);
    this.deaths = nodes.subscribe(e -> {
      nodesAlive.put(e.info().id(), e.alive());
      if (e.alive()) {
        return;
      }
      if (e.info().id().equals(id)) {
        log.error("the cluster declared {} dead while it runs: no heartbeat of it reached the head within the head's "
            + "heartbeat timeout (a loaded machine, a long pause of this JVM, or a network partition)", id);
        declaredDead.accept(id + " was declared dead by the cluster while it ran: no heartbeat of it reached the head "
            + "within the heartbeat timeout (a loaded machine, a long pause of this JVM, or a network partition); its "
            + "work is rebuilt elsewhere, and what waited here cannot go on");
      } else {
        otherDied.accept(e.info().id());
      }
    });
  }

  /**
   * The nodes this node has heard are alive, from its subscription to the node table (no round
   * trip; a node that joined a moment ago may be missing). Until the subscription's first news
   * (which names this node, registered before it subscribed) has come, the node table is read.
   */
  List<NodeId> liveNodes() {
    if (!nodesAlive.containsKey(id)) {
      return nodes.all().join().stream().filter(NodeEntry::alive).map(e -> e.info().id()).toList();
    }
    List<NodeId> out = new ArrayList<>();
    nodesAlive.forEach((n, alive) -> {
      if (alive) {
        out.add(n);
      }
    });
    return out;
  }

  private void heartbeat() {
    if (stopped) {
      return;
    }
    try {
      nodes.heartbeat(id, load.get()).whenComplete((ok, e) -> {
        if (e != null && unknownHere(e)) {
          registerAgain();
        }
      });
    } catch (RuntimeException e) {
      log.debug("heartbeat of {} failed: {}", id, e.toString());
    }
  }

  // The node table answers a heartbeat of a node it never registered with IllegalArgumentException.
  private static boolean unknownHere(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof IllegalArgumentException;
  }

  /**
   * The node table does not know this node: the head restarted on a GCS that did not outlive it
   * (issue 15), and this node, still running, joins the new cluster as it joined the old one.
   */
  private void registerAgain() {
    if (stopped || !registering.compareAndSet(false, true)) {
      return;
    }
    log.warn("the node table does not know {} (its head restarted, with a new GCS): registering again", id);
    try {
      nodes.register(me).whenComplete((ok, e) -> {
        registering.set(false);
        if (e != null) {
          log.warn("registering {} again failed: {}", id, e.toString());
        }
      });
    } catch (RuntimeException e) {
      registering.set(false);
      log.warn("registering {} again failed: {}", id, e.toString());
    }
  }

  /** Stops heartbeating (the node monitor will declare this node dead). */
  void stopHeartbeats() {
    stopped = true;
    heartbeats.shutdownNow();
  }

  /** Stops hearing of deaths. */
  void stopListening() {
    deaths.close();
  }

  @Override
  public void close() {
    stopListening();
    stopHeartbeats();
  }
}
