package org.miniray.gcs.zookeeper;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.HostProvider;
import org.apache.zookeeper.client.StaticHostProvider;
import org.apache.zookeeper.client.ZKClientConfig;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a disconnected client's session to a server that serves, as soon as one does.
 *
 * <p>Why: once a connection is lost, the ZooKeeper client (3.9) sleeps a random 0 to 1000 ms
 * before each attempt to reach the next server ({@code ClientCnxn.SendThread.startConnect}; not
 * configurable), and an attempt on a server that is down or still electing costs another sleep.
 * Only the very first attempt of a new handle does not sleep. So when the handle Curator holds is
 * disconnected, this asks every server of the ensemble, every {@value #PROBE_INTERVAL_MS} ms,
 * whether it serves ({@link ZooKeeperProbe}); at the first that does, twice a few ms apart
 * ({@link ServingServers}), it has Curator replace the
 * handle ({@code CuratorZookeeperClient.reset}) by a new one that resumes the <em>same</em>
 * session (its id and password) on that server first. The session, its ephemeral nodes and the
 * order of its requests are kept; the old handle is let go without closing the session
 * ({@link Handle#close}). Watches are the new handle's to set again, which {@link ZooKeeperGcs}
 * does on every reconnection anyway (its readers read every log again).
 *
 * <p>Two more waits of the ZooKeeper client are avoided: its default socket
 * ({@code ClientCnxnSocketNIO}) sleeps 100 ms after a connection drops before anyone hears of it,
 * so handles use the Netty socket unless {@code zookeeper.clientCnxnSocket} says otherwise; and
 * requests queued in the old handle in the moment before Curator heard of the disconnection
 * would fail only when its send thread wakes, so that thread is woken. Right after a leader dies
 * a follower may still answer "follower" for a moment; a session moved there is dropped again,
 * often before it ever connected, which the ZooKeeper client does not report. So a move that has
 * not connected within {@value #MOVE_DEADLINE_MS} ms (doubling with each move of one
 * disconnection), or whose handle is disconnected in turn, has failed: the probing starts over,
 * with the server it failed on asked last.
 *
 * <p>A follower's death thus costs the clients it served one probe and one connection, and a
 * leader's death the election plus that. When no server answers {@code srvr} (not on its
 * whitelist), or none serves within the session timeout, nothing is replaced and the
 * ZooKeeper client reconnects by itself, as it would without this. Curator reports the new handle
 * as {@code LOST} then {@code RECONNECTED} (it counts handles, not sessions); nothing in this
 * package acts on {@code LOST}.
 */
final class ZooKeeperReconnector implements ZookeeperFactory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperReconnector.class);
  static final int PROBE_INTERVAL_MS = 5;
  // Loopback and a LAN answer in well under a millisecond; a host that is gone must not hold the round up long.
  private static final int PROBE_TIMEOUT_MS = 200;
  // A resumed session connects in a few ms (7 ms median in make bench-gcs); a loaded machine may take longer.
  static final int MOVE_DEADLINE_MS = 250;

  /**
   * When the last failover's steps happened (clock nanos; 0: not reached), for the benchmark's
   * breakdown: disconnected; the start of the last round of probes that found no server serving
   * (or the disconnection); the probe that found one; the handle resuming the session requested;
   * connected again. A server began to serve between the second and the third.
   */
  record Steps(long disconnected, long notServing, long serving, long resuming, long connected, String from,
      String to) {
    static final Steps NONE = new Steps(0, 0, 0, 0, 0, "", "");
  }

  private final List<InetSocketAddress> servers;
  private final ServingServers serving;
  private final AtomicLong moves = new AtomicLong();
  private volatile InetSocketAddress lastMove;
  private final Clock clock;
  private final long giveUpNanos;
  private final boolean enabled;
  private final ExecutorService prober = Executors.newSingleThreadExecutor(DaemonThreads.named("gcs-reconnect-%d"));
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong disconnections = new AtomicLong();
  private volatile CuratorFramework client;
  private volatile Handle current;
  private volatile InetSocketAddress lastServer;
  private volatile boolean connected;
  private volatile Resume resume; // taken by the next handle made
  private volatile Steps steps = Steps.NONE;
  private volatile boolean closed;

  private record Resume(long sessionId, byte[] password, InetSocketAddress server) {}

  /**
   * For the ensemble of {@code connectString}; gives up moving a session after
   * {@code sessionTimeoutMs} (it has expired by then). With {@code enabled} false it only makes
   * handles, and the ZooKeeper client reconnects by itself (to measure what this saves).
   */
  ZooKeeperReconnector(String connectString, int sessionTimeoutMs, Clock clock, boolean enabled) {
    this.servers = List.copyOf(new ConnectStringParser(connectString).getServerAddresses());
    this.serving = new ServingServers(servers, a -> ZooKeeperProbe.ask(a, PROBE_TIMEOUT_MS), Thread::sleep);
    this.clock = clock;
    this.giveUpNanos = sessionTimeoutMs * 1_000_000L;
    this.enabled = enabled;
  }

  /** The client whose handle this replaces; call before it starts. */
  void attach(CuratorFramework curator) {
    this.client = curator;
  }

  Steps lastFailover() {
    return steps;
  }

  /** How many times this client's session was moved. */
  long moves() {
    return moves.get();
  }

  /** The server the session was last moved to, or null. */
  InetSocketAddress lastMove() {
    return lastMove;
  }

  /** The server the current handle is connected to, or null. */
  InetSocketAddress connectedServer() {
    Handle h = current;
    return h == null ? null : h.server();
  }

  @Override
  public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly)
      throws Exception {
    return newZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly, null);
  }

  @Override
  public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
      ZKClientConfig config) throws Exception {
    ZKClientConfig c = config != null ? config : new ZKClientConfig();
    if (c.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET) == null) {
      // ZooKeeper's default socket, ClientCnxnSocketNIO, sleeps 100 ms in cleanup() when a connection
      // drops, before its requests fail and the disconnection is reported; Netty's does not.
      // -Dzookeeper.clientCnxnSocket=... still chooses.
      c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
    }
    AtomicReference<Handle> self = new AtomicReference<>();
    Watcher watching = event -> {
      if (event.getType() == Watcher.Event.EventType.None) {
        switch (event.getState()) {
          case SyncConnected, ConnectedReadOnly -> connected(self.get());
          case Disconnected -> disconnected(self.get());
          default -> { }
        }
      }
      watcher.process(event);
    };
    Resume r = resume;
    resume = null;
    Target t = new Target(connectString, sessionTimeout, canBeReadOnly, c);
    // Session 0 asks for a new session, as ZooKeeper's own constructors do.
    Asked hosts = new Asked(r == null ? new StaticHostProvider(servers) : new ServingFirst(servers, r.server()));
    Handle h = r == null ? new Handle(t, watching, 0, new byte[16], hosts)
        : new Handle(t, watching, r.sessionId(), r.password(), hosts);
    self.set(h);
    current = h;
    return h;
  }

  private void connected(Handle h) {
    if (h == null || h != current) {
      return;
    }
    connected = true;
    InetSocketAddress server = h.server();
    if (server != null) {
      lastServer = server;
    }
    Steps s = steps;
    if (s.disconnected() != 0 && s.connected() == 0) {
      steps = new Steps(s.disconnected(), s.notServing(), s.serving(), s.resuming(), clock.nanoTime(), s.from(),
          server == null ? "?" : server.toString());
    }
  }

  private void disconnected(Handle h) {
    if (h == null || h != current || closed) {
      return;
    }
    boolean wasConnected = connected;
    connected = false;
    if (wasConnected) {
      InetSocketAddress lost = lastServer;
      steps = new Steps(clock.nanoTime(), 0, 0, 0, 0, lost == null ? "?" : lost.toString(), "");
    }
    long n = disconnections.incrementAndGet();
    log.debug("GCS: ZooKeeper handle of session 0x{} disconnected (disconnection {}, was connected: {})",
        Long.toHexString(h.getSessionId()), n, wasConnected);
    if (enabled && h.getSessionId() != 0) { // no session yet: a new one is all ZooKeeper can give
      startProbing();
    }
  }

  private void startProbing() {
    if (!probing.compareAndSet(false, true)) {
      return; // the running loop sees the new disconnection
    }
    try {
      prober.execute(this::moveSession);
    } catch (RejectedExecutionException closing) {
      probing.set(false);
    }
  }

  /**
   * Until connected: probes, and moves the session to the first server that serves. A handle
   * made here gets its chance until it is disconnected in turn or has not connected within its
   * deadline (a follower that still answered "follower" just after its leader died drops it a
   * moment later, and a handle that never connected is not reported disconnected); then this
   * probes again, asking the server it failed on last.
   */
  private void moveSession() {
    try {
      long since = steps.disconnected() != 0 ? steps.disconnected() : clock.nanoTime();
      long missed = since; // when the last round that found nobody serving began
      long answered = -1; // the disconnection count a handle made here answered
      long movedAt = 0;
      long deadline = MOVE_DEADLINE_MS * 1_000_000L;
      InetSocketAddress movedTo = null; // where the move in progress went
      InetSocketAddress failedOn = null; // where the last move failed
      while (!closed && !connected && clock.nanoTime() - since < giveUpNanos) {
        Handle h = current;
        long seen = disconnections.get();
        boolean moving = seen == answered && clock.nanoTime() - movedAt < deadline;
        if (moving || h == null || h.getSessionId() == 0) {
          Thread.sleep(PROBE_INTERVAL_MS);
          continue;
        }
        if (movedTo != null) {
          log.debug("GCS: the move of the ZooKeeper session to {} failed ({}); probing again", movedTo,
              seen == answered ? "not connected within " + deadline / 1_000_000 + " ms" : "disconnected");
          deadline *= 2;
          failedOn = movedTo;
          movedTo = null;
        }
        long round = clock.nanoTime();
        List<InetSocketAddress> avoid = new ArrayList<>();
        for (InetSocketAddress a : new InetSocketAddress[] {lastServer, failedOn}) {
          if (a != null) {
            avoid.add(a);
          }
        }
        InetSocketAddress serving = this.serving.confirmed(avoid);
        log.trace("GCS: probed the ensemble after disconnection {}: {}", seen, serving);
        if (serving == null) {
          missed = round;
          Thread.sleep(PROBE_INTERVAL_MS);
          continue;
        }
        if (connected || h != current) {
          continue; // it reconnected by itself, or was replaced, meanwhile
        }
        long now = clock.nanoTime();
        Steps s = steps;
        steps = new Steps(s.disconnected(), missed, now, now, 0, s.from(), "");
        resume = new Resume(h.getSessionId(), h.getSessionPasswd(), serving);
        answered = seen;
        movedAt = now;
        movedTo = serving;
        lastMove = serving;
        moves.incrementAndGet();
        h.handOver();
        log.debug("GCS: moving ZooKeeper session 0x{} to {}", Long.toHexString(h.getSessionId()), serving);
        client.getZookeeperClient().reset(); // Curator closes h and asks newZooKeeper for its successor
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("GCS: could not move the ZooKeeper session ({}); the client reconnects by itself", e.toString());
    } finally {
      probing.set(false);
    }
    if (!closed && !connected && disconnections.get() > 0 && current != null) {
      startProbing(); // a disconnection that came as the loop ended
    }
  }

  static boolean same(InetSocketAddress a, InetSocketAddress b) {
    return b != null && a.getPort() == b.getPort()
        && (a.getHostString().equals(b.getHostString()) || resolved(a).equals(resolved(b)));
  }

  private static InetSocketAddress resolved(InetSocketAddress a) {
    return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
  }

  @Override
  public void close() {
    closed = true;
    prober.shutdownNow();
  }

  /** What Curator asks every handle to be. */
  private record Target(String connect, int sessionTimeout, boolean canBeReadOnly, ZKClientConfig config) {}

  /** A handle that can let its session go on in a successor instead of closing it. */
  static final class Handle extends ZooKeeper {
    private static final ThreadFactory LETTING_GO = DaemonThreads.named("gcs-handed-over-%d");
    private final Asked hosts;
    private volatile boolean handedOver;

    private Handle(Target t, Watcher watcher, long sessionId, byte[] password, Asked hosts) throws java.io.IOException {
      super(t.connect(), t.sessionTimeout(), watcher, sessionId, password, t.canBeReadOnly(), hosts, t.config());
      this.hosts = hosts;
    }

    InetSocketAddress server() {
      SocketAddress a = testableRemoteSocketAddress();
      return a instanceof InetSocketAddress i ? i : null;
    }

    void handOver() {
      handedOver = true;
    }

    /**
     * Closing would end the session (a closeSession request) that the successor resumes, and
     * would wait for the send thread, asleep for up to a second: a handle handed over only stops
     * its threads, on a thread of its own. Requests queued in it while it was disconnected (in
     * the moment before Curator heard of it) fail with a connection loss when its send thread
     * wakes, so that thread is woken (it logs the interruption as unexpected): their callers try
     * again on the successor at once. It never sends again.
     */
    @Override
    public synchronized void close() throws InterruptedException {
      if (!handedOver) {
        super.close();
        return;
      }
      LETTING_GO.newThread(cnxn::disconnect).start();
      // Woken only once marked closed (at once), or it would connect again, with the session.
      for (int i = 0; i < 1_000 && getState().isAlive(); i++) {
        Thread.sleep(1);
      }
      Thread sender = hosts.asker();
      if (sender != null && !getState().isAlive()) {
        sender.interrupt();
      }
    }
  }

  /**
   * A handle's servers, remembering the thread that asks for the next one: the handle's send
   * thread, which is also the one that sleeps before it connects again.
   */
  private static final class Asked implements HostProvider {
    private final HostProvider servers;
    private volatile Thread asker;

    Asked(HostProvider servers) {
      this.servers = servers;
    }

    Thread asker() {
      return asker;
    }

    @Override
    public int size() {
      return servers.size();
    }

    @Override
    public InetSocketAddress next(long spinDelay) {
      asker = Thread.currentThread();
      return servers.next(spinDelay);
    }

    @Override
    public void onConnected() {
      servers.onConnected();
    }

    @Override
    public boolean updateServerList(Collection<InetSocketAddress> serverAddresses, InetSocketAddress current) {
      return servers.updateServerList(serverAddresses, current);
    }
  }

  /**
   * The ensemble in a fixed order starting with a server known to serve. After a whole round
   * without a connection it waits {@code spinDelay}, as ZooKeeper's own {@code StaticHostProvider} does.
   */
  private static final class ServingFirst implements HostProvider {
    private final List<InetSocketAddress> order = new ArrayList<>();
    private int next;
    private int triedSinceConnected;

    ServingFirst(List<InetSocketAddress> servers, InetSocketAddress first) {
      order.add(first);
      for (InetSocketAddress a : servers) {
        if (!same(a, first)) {
          order.add(a);
        }
      }
    }

    @Override
    public int size() {
      return order.size();
    }

    @Override
    public InetSocketAddress next(long spinDelay) {
      InetSocketAddress a;
      boolean roundDone;
      synchronized (this) {
        roundDone = triedSinceConnected >= order.size();
        if (roundDone) {
          triedSinceConnected = 0;
        }
        a = order.get(next);
        next = (next + 1) % order.size();
        triedSinceConnected++;
      }
      if (roundDone && spinDelay > 0) {
        try {
          Thread.sleep(spinDelay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return resolved(a);
    }

    @Override
    public synchronized void onConnected() {
      triedSinceConnected = 0;
    }

    @Override
    public boolean updateServerList(Collection<InetSocketAddress> serverAddresses, InetSocketAddress current) {
      return false; // a fixed ensemble: nothing to move
    }
  }
}
