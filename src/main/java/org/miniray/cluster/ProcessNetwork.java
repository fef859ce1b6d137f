package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.miniray.transport.netty.Protocol;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.NodeId;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.NettyTransport;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * The network side of one process: its serializer and wire codec, its transport to the nodes of
 * other processes (addressed from the node table), and its one port, where the {@link WireHandlers}
 * that the process's parts register answer every message of the protocol it serves.
 */
final class ProcessNetwork implements AutoCloseable {
  private final Serializer serializer;
  private final WireCodec codec;
  private final RpcConfig rpc;
  private final long headRetryTimeoutMs;
  private final ClusterToken token;
  private final NettyTransport transport;
  private final WireHandlers handlers;
  private final ConcurrentHashMap<NodeId, InetSocketAddress> addresses = new ConcurrentHashMap<>();
  private RpcServer server; // from listen on
  private Subscription addressBook; // from listen on

  /** @param who how errors name this process, for example "the head" */
  ProcessNetwork(MinirayConfig config, String host, int port, ClusterToken token, String who) {
    this.serializer = Serializers.selector().create(config);
    this.codec = Protocol.codec();
    this.headRetryTimeoutMs = config.get(Keys.HEAD_RETRY_TIMEOUT_MS);
    this.rpc = RpcConfig.defaults().withHost(host).withPort(port)
        .withIdleTimeout(Duration.ofMillis(config.get(Keys.RPC_IDLE_TIMEOUT_MS)));
    this.token = token;
    this.transport = new NettyTransport(codec, rpc, token, addresses::get);
    this.handlers = new WireHandlers(who, codec);
  }

  /** A client of the process at {@code address}, for requests only (it takes no pushes). */
  static WireClient connect(WireCodec codec, RpcConfig rpc, ClusterToken token, InetSocketAddress address) {
    return new WireClient(RpcClient.connect(rpc, token, address, RpcHandler.none()), codec);
  }

  /** A client of the process at {@code address}. */
  WireClient connect(InetSocketAddress address) {
    return connect(codec, rpc, token, address);
  }

  /** The GCS of whichever of {@code heads} is the active head. */
  RemoteGcs connectGcs(List<InetSocketAddress> heads) {
    return RemoteGcs.connect(codec, rpc, token, heads);
  }

  /** As {@link #connectGcs}, its calls retried while no head answers ({@code miniray.head.retry.timeout.ms}). */
  RemoteGcs connectGcsRetrying(List<InetSocketAddress> heads) {
    return RemoteGcs.connect(codec, rpc, token, heads, headRetryTimeoutMs);
  }

  Serializer serializer() {
    return serializer;
  }

  WireCodec codec() {
    return codec;
  }

  NettyTransport transport() {
    return transport;
  }

  /** Where the process's parts register the messages they serve, before {@link #listen}. */
  WireHandlers handlers() {
    return handlers;
  }

  /**
   * Serves the node messages to this process's nodes, opens the port, and learns every node's
   * address from {@code nodes}. Returns where it listens.
   */
  InetSocketAddress listen(NodeTable nodes) {
    transport.serveOn(handlers);
    server = RpcServer.start(rpc, token, handlers);
    addressBook = nodes.subscribe(e -> {
      InetSocketAddress a = parse(e.info().address());
      if (a != null) {
        addresses.put(e.info().id(), a);
      }
    });
    return server.localAddress();
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  /** HOST:PORT, or null when {@code text} is not that (an in-JVM node's address, say). */
  static InetSocketAddress parse(String text) {
    if (text == null) {
      return null;
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || text.startsWith("in-jvm:")) {
      return null;
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      return port < 1 || port > 65535 ? null : new InetSocketAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (addressBook != null) {
      addressBook.close();
    }
    if (server != null) {
      server.close();
    }
    transport.close();
  }
}
