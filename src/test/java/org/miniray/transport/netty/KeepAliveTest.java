package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol.FrameKind;

/** A half-open connection is noticed within the idle timeout; a healthy idle one stays open. */
class KeepAliveTest {
  private static final Duration IDLE = Duration.ofMillis(400);
  private static final RpcConfig CONFIG = RpcConfig.defaults().withIdleTimeout(IDLE);
  private final ClusterToken token = ClusterToken.generate();

  private static EmbeddedChannel channel(boolean authenticated) {
    EmbeddedChannel ch = new EmbeddedChannel();
    RpcConnection connection = new RpcConnection(ch, CONFIG);
    if (authenticated) {
      connection.handshake().complete(null);
    }
    ch.pipeline().addLast(new KeepAliveHandler(IDLE, connection));
    return ch;
  }

  @Test
  void readerIdleClosesTheConnection() {
    EmbeddedChannel ch = channel(true);
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void writerIdleSendsAPingOnceAuthenticated() {
    EmbeddedChannel before = channel(false);
    before.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
    assertThat((Object) before.readOutbound()).as("a ping during the handshake").isNull();

    EmbeddedChannel ch = channel(true);
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
    Frame ping = ch.readOutbound();
    assertThat(ping.kind()).isEqualTo(FrameKind.PING);
    ping.release();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void pingsAreTakenHereAndOtherFramesPassOn() {
    EmbeddedChannel ch = channel(true);
    ch.writeInbound(Frame.of(FrameKind.PING, 0, 0, new byte[0]));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Frame.of(FrameKind.ONE_WAY, 7, 0, new byte[] {1}));
    Frame f = ch.readInbound();
    assertThat(f.kind()).isEqualTo(FrameKind.ONE_WAY);
    f.release();
  }

  @Test
  void aServerClosesAClientThatWentSilentAfterTheHandshake() throws Exception {
    try (RpcServer server = RpcServer.start(CONFIG, token, RpcHandler.none());
        RawPeer silent = RawPeer.connect(server.localAddress())) {
      assertThat(silent.authenticateAsClient(token).kind()).isEqualTo(FrameKind.ACCEPT.code);
      // The peer reads but never writes, like a process on a machine that lost power.
      assertThat(silent.readFrame().kind()).as("the server's keepalive").isEqualTo(FrameKind.PING.code);
      assertThat(silent.closedByPeer()).as("closed by the server within the idle timeout").isTrue();
    }
  }

  @Test
  void aClientNoticesAServerThatWentSilent() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          Socket s = listener.accept();
          new RawPeer(s).authenticateAsServer(token); // then silence; the socket stays open
          return s;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      InetSocketAddress address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
      try (RpcClient client = RpcClient.connect(CONFIG, token, address, RpcHandler.none())) {
        assertThat(client.isConnected()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
      } finally {
        // Bounded: if the client never got through, nothing is accepted and the peer waits for good.
        accepted.get(10, java.util.concurrent.TimeUnit.SECONDS).close();
      }
    }
  }

  @Test
  void aHealthyIdleConnectionStaysOpen() {
    try (RpcServer server = RpcServer.start(CONFIG, token, RpcHandler.none());
        RpcClient client = RpcClient.connect(CONFIG, token, server.localAddress(), RpcHandler.none())) {
      // Nothing is sent but pings for several idle timeouts.
      await().during(IDLE.multipliedBy(4)).atMost(IDLE.multipliedBy(8)).until(client::isConnected);
    }
  }
}
