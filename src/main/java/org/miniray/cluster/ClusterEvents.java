package org.miniray.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miniray.transport.netty.Protocol;
import org.miniray.events.Event;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of every process of a cluster, merged in time order: what {@code miniray
 * timeline}, {@code miniray graph} and the head's dashboard draw. Each process answers one
 * {@code EVENTS} request ({@link #serveOn}), on its authenticated RPC port, with the events its recorders keep
 * (its node's ring, and on the head the global scheduler's too). Nodes the head declared dead
 * are asked too: one declared dead by mistake (a loaded machine missing heartbeats) still holds
 * what it ran; one that is really gone refuses the connection and is not asked again.
 *
 * <p>Times are each process's {@code System.nanoTime()}, so they line up only for processes on
 * one machine; across machines the rows are right but their offsets are not.
 *
 * <p>A process that does not answer within the timeout is left out (and named in the log):
 * a timeline of the nodes that answered is more use than none.
 */
final class ClusterEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

  private final NodeTable nodes;
  private final Function<InetSocketAddress, WireClient> connect;
  private final String localAddress;
  private final Supplier<List<Event>> local;
  private final Duration timeout;
  private final Map<String, WireClient> clients = new ConcurrentHashMap<>();

  /** Nodes declared dead that did not answer: not asked again unless they come back to life. */
  private final Set<String> gone = ConcurrentHashMap.newKeySet();

  /**
   * @param connect opens an authenticated connection to a process
   * @param localAddress the address of the calling process, whose events {@code local} gives
   *     without a request (null when the caller is not a member, like the {@code miniray} command)
   */
  ClusterEvents(NodeTable nodes, Function<InetSocketAddress, WireClient> connect, String localAddress,
      Supplier<List<Event>> local, Duration timeout) {
    this.nodes = nodes;
    this.connect = connect;
    this.localAddress = localAddress;
    this.local = local;
    this.timeout = timeout;
  }

  /** Every process's events, oldest first. */
  List<Event> gather() {
    List<NodeEntry> all;
    try {
      all = nodes.all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not read the node table: " + e.getMessage(), e);
    }
    List<Event> out = new ArrayList<>();
    if (local != null) {
      out.addAll(local.get());
    }
    List<CompletableFuture<List<Event>>> asks = new ArrayList<>();
    for (NodeEntry n : all) {
      String address = n.info().address();
      if (n.alive()) {
        gone.remove(address);
      }
      if (!address.equals(localAddress) && !gone.contains(address)) {
        asks.add(CompletableFuture.supplyAsync(() -> ask(address, n.alive())).thenCompose(f -> f));
      }
    }
    for (CompletableFuture<List<Event>> a : asks) {
      out.addAll(a.join());
    }
    out.sort(Comparator.comparingLong(Event::nanos));
    return out;
  }

  private CompletableFuture<List<Event>> ask(String address, boolean alive) {
    try {
      WireClient c = clients.computeIfAbsent(address, a -> connect.apply(ClusterProcess.parseAddress(a)));
      return c.<List<Event>>call(Message.EVENTS, null, timeout).exceptionally(e -> noAnswer(address, alive, e));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(noAnswer(address, alive, e));
    }
  }

  private List<Event> noAnswer(String address, boolean alive, Throwable e) {
    forget(address);
    if (alive) {
      log.warn("no events from {}: {}", address, e.getMessage());
    } else {
      gone.add(address);
      log.debug("no events from {}, which the head declared dead: {}", address, e.getMessage());
    }
    return List.of();
  }

  private void forget(String address) {
    WireClient c = clients.remove(address);
    if (c != null) {
      c.connection().close();
    }
  }

  /**
   * The events of the cluster whose head is at {@code address}, for a command that is not a
   * member: it reads the node table through the head and asks each process.
   */
  static List<Event> fromCli(Cli cli, String address) throws IOException {
    List<InetSocketAddress> heads = ClusterProcess.parseAddresses(address);
    ClusterToken token = ClusterToken.readFrom(cli.tokenFile());
    WireCodec codec = Protocol.codec();
    try (RemoteGcs gcs = RemoteGcs.connect(codec, RpcConfig.defaults(), token, heads);
        ClusterEvents events = new ClusterEvents(gcs.nodeTable(), a -> ProcessNetwork.connect(codec,
            RpcConfig.defaults(), token, a), null, null, Duration.ofSeconds(30))) {
      return events.gather();
    }
  }

  /** Answers {@code EVENTS} requests with this process's own events. */
  static void serveOn(WireHandlers handlers, Supplier<List<Event>> local) {
    handlers.answer(Message.EVENTS, (from, none) -> CompletableFuture.completedFuture(new ArrayList<>(local.get())));
  }

  @Override
  public void close() {
    for (String a : List.copyOf(clients.keySet())) {
      forget(a);
    }
  }
}
