package org.miniray.cluster;

import java.util.function.Consumer;
import org.miniray.transport.netty.Protocol;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * A head's side of one service on the loopback, as the contract tests of the remote stubs need it:
 * an authenticated RPC server whose handlers {@code serve} fills, and one client connected to it.
 * Closing closes both.
 */
final class LoopbackHead implements AutoCloseable {
  private final RpcServer server;
  private final RpcClient client;
  private final WireClient wire;

  LoopbackHead(Consumer<WireHandlers> serve) {
    WireCodec codec = Protocol.codec();
    ClusterToken token = ClusterToken.generate();
    WireHandlers handlers = new WireHandlers("the head", codec);
    serve.accept(handlers);
    this.server = RpcServer.start(RpcConfig.defaults(), token, handlers);
    this.client = RpcClient.connect(RpcConfig.defaults(), token, server.localAddress(), RpcHandler.none());
    this.wire = new WireClient(client, codec);
  }

  /** The client's end, for a stub to call through. */
  WireClient client() {
    return wire;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
