package org.miniray.transport.netty;

import java.net.InetSocketAddress;
import org.miniray.id.NodeId;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.Transport;
import org.miniray.transport.TransportContractTest;

/**
 * The transport contract over {@link NettyTransport} between two transports on the loopback, as
 * between two processes: nodes are bound on one, whose messages arrive through an RPC server of
 * its own, and called from the other, which knows only the server's address.
 */
class NettyTransportContractTest extends TransportContractTest {
  @Override
  protected Fixture createFixture() {
    ClusterToken token = ClusterToken.generate();
    WireCodec codec = Protocol.codec();
    NettyTransport hosting = new NettyTransport(codec, RpcConfig.defaults(), token, id -> null);
    WireHandlers handlers = new WireHandlers("the hosting process", codec);
    hosting.serveOn(handlers);
    RpcServer server = RpcServer.start(RpcConfig.defaults().withHost("127.0.0.1").withPort(0), token, handlers);
    InetSocketAddress at = server.localAddress();
    NodeId host = new NodeId("host");
    NettyTransport calling = new NettyTransport(codec, RpcConfig.defaults(), token, id -> id.equals(host) ? at : null);
    return new Fixture() {
      @Override
      public Transport hosting() {
        return hosting;
      }

      @Override
      public Transport calling() {
        return calling;
      }

      @Override
      public void close() {
        calling.close();
        server.close();
        hosting.close();
      }
    };
  }
}
