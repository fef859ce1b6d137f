package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.transport.netty.Protocol.FrameKind;

/** Servers and clients talking over 127.0.0.1 on ephemeral ports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcLoopbackTest {
  private static final int ECHO = 1;
  private static final int FAIL = 2;
  private static final int THROW = 3;
  private static final int NEVER = 4;
  private static final int PUSH_BACK = 5;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ClusterToken token = ClusterToken.generate();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicInteger requestsServed = new AtomicInteger();
  private final BlockingQueue<String> oneWaysReceived = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> pushesReceived = new LinkedBlockingQueue<>();
  private final BlockingQueue<RpcConnection> disconnected = new LinkedBlockingQueue<>();

  /** The service under test: echoes, fails in both ways, never answers, or pushes back. */
  private final RpcHandler service = new RpcHandler() {
    @Override
    public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
      requestsServed.incrementAndGet();
      return switch (type) {
        case ECHO -> CompletableFuture.completedFuture(body);
        case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("no such actor: a1"));
        case THROW -> throw new IllegalArgumentException("cannot parse the body");
        case NEVER -> new CompletableFuture<>();
        default -> CompletableFuture.failedFuture(new UnsupportedOperationException("type " + type));
      };
    }

    @Override
    public void onOneWay(RpcConnection from, int type, byte[] body) {
      String text = new String(body, StandardCharsets.UTF_8);
      oneWaysReceived.add(text);
      if (type == PUSH_BACK) {
        from.send(PUSH_BACK, ("re: " + text).getBytes(StandardCharsets.UTF_8)); // on the event loop: must not block
      }
    }

    @Override
    public void onDisconnect(RpcConnection c) {
      disconnected.add(c);
    }
  };

  private final RpcHandler pushes = new RpcHandler() {
    @Override
    public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public void onOneWay(RpcConnection from, int type, byte[] body) {
      pushesReceived.add(new String(body, StandardCharsets.UTF_8));
    }
  };

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private RpcServer server(RpcConfig config) {
    RpcServer s = RpcServer.start(config, token, service);
    open.add(s);
    return s;
  }

  private RpcClient client(RpcConfig config, InetSocketAddress at) {
    RpcClient c = RpcClient.connect(config, token, at, pushes);
    open.add(c);
    return c;
  }

  /**
   * A client given several servers (a head and its standbys, of which only the active one
   * listens) connects to whichever answers, and after that one dies, to the next that answers.
   */
  @Test
  void aClientGivenSeveralServersFollowsWhicheverAnswers() throws Exception {
    RpcConfig config = RpcConfig.defaults();
    InetSocketAddress nobody;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      nobody = new InetSocketAddress("127.0.0.1", s.getLocalPort()); // free once closed: nothing listens there
    }
    RpcServer first = RpcServer.start(config, token, service);
    RpcClient c = RpcClient.connect(config, token, List.of(nobody, first.localAddress()), pushes);
    open.add(c);
    assertThat(c.serverAddress()).isEqualTo(first.localAddress());
    assertThat(c.call(ECHO, utf8("one")).get(10, TimeUnit.SECONDS)).isEqualTo(utf8("one"));

    first.close();
    RpcServer second = server(config);
    RpcClient both = RpcClient.connect(config, token, List.of(first.localAddress(), second.localAddress()), pushes);
    open.add(both);
    assertThat(both.serverAddress()).as("the first server is gone: the second answers")
        .isEqualTo(second.localAddress());
    assertThat(both.call(ECHO, utf8("two")).get(10, TimeUnit.SECONDS)).isEqualTo(utf8("two"));
    assertThatThrownBy(() -> RpcClient.connect(config, token, List.of(nobody, first.localAddress()), pushes))
        .isInstanceOf(RpcException.class).hasMessageContaining("none of").hasMessageContaining(nobody.toString())
        .hasMessageContaining(first.localAddress().toString());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(CompletableFuture<byte[]> f) throws Exception {
    return new String(f.get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
  }

  @Test
  void callsAreAnsweredAndEachResponseFindsItsCall() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    assertThat(text(client.call(ECHO, utf8("hello")))).isEqualTo("hello");

    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(client.call(ECHO, ByteBuffer.allocate(4).putInt(i).array()));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(ByteBuffer.wrap(calls.get(i).get(10, TimeUnit.SECONDS)).getInt()).as("response to call %d", i).isEqualTo(i);
    }
  }

  @Test
  void remoteFailureArrivesWithItsClassAndMessageAndTheConnectionSurvives() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());

    assertThat(client.call(FAIL, new byte[0])).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RpcException.class)
        .withMessageContaining("java.lang.IllegalStateException: no such actor: a1")
        .matches(e -> "java.lang.IllegalStateException".equals(((RpcException) e).remoteClass()));
    assertThat(client.call(THROW, new byte[0])).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("java.lang.IllegalArgumentException: cannot parse the body");
    assertThat(text(client.call(ECHO, utf8("still here")))).isEqualTo("still here");
  }

  @Test
  void oneWayMessagesArriveAndTheServerCanPushBack() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    client.send(PUSH_BACK, utf8("ping"));
    assertThat(oneWaysReceived.poll(10, TimeUnit.SECONDS)).isEqualTo("ping");
    assertThat(pushesReceived.poll(10, TimeUnit.SECONDS)).isEqualTo("re: ping");

    client.close();
    RpcConnection gone = disconnected.poll(10, TimeUnit.SECONDS);
    assertThat(gone).isNotNull();
    assertThat(gone.isOpen()).isFalse();
  }

  @Test
  void unansweredCallTimesOutNamingItsTypeAndTimeout() {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    assertThat(client.call(NEVER, new byte[0], Duration.ofMillis(200))).failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RpcException.class)
        .withMessageContaining("call of type 4").withMessageContaining("within 200 ms")
        .withCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void aShortTimeoutFiresBehindLongerOutstandingCallsAndAnsweredCallsNeverTimeOut() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    CompletableFuture<byte[]> patient = client.call(NEVER, new byte[0], Duration.ofSeconds(30));
    List<CompletableFuture<byte[]>> answered = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answered.add(client.call(ECHO, utf8("n" + i), Duration.ofSeconds(2)));
    }
    for (int i = 0; i < answered.size(); i++) {
      assertThat(text(answered.get(i))).as("answered call %d", i).isEqualTo("n" + i);
    }
    // Behind 200 answered calls with the same timeout, and after a 30 s call still outstanding.
    CompletableFuture<byte[]> hasty = client.call(NEVER, new byte[0], Duration.ofSeconds(2));
    assertThat(hasty).as("a 2 s call made after a 30 s one").failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RpcException.class).withMessageContaining("within 2000 ms");
    assertThat(answered).as("answered calls, whose deadlines have passed since").allMatch(f -> !f.isCompletedExceptionally());
    assertThat(patient).as("the 30 s call, after the 2 s one timed out").isNotDone();
  }

  @Test
  void hundredMegabyteBodyRoundTripsInChunksByteForByte() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    byte[] body = new byte[100 << 20];
    new Random(42).nextBytes(body);
    byte[] back = client.call(ECHO, body).get(30, TimeUnit.SECONDS);
    assertThat(back.length).isEqualTo(body.length);
    assertThat(Arrays.mismatch(body, back)).as("index of the first differing byte").isEqualTo(-1);
  }

  @Test
  void clientWithAnotherTokenIsRefusedAndBothSidesSaySo() {
    RpcServer server = server(RpcConfig.defaults());
    try (LogCapture serverLog = new LogCapture(ServerHandshakeHandler.class)) {
      assertThatThrownBy(() -> RpcClient.connect(RpcConfig.defaults(), ClusterToken.generate(), server.localAddress(),
          RpcHandler.none()))
          .isInstanceOf(RpcException.class).hasMessageContaining("refused this node's cluster token");
      assertThat(serverLog.lines()).anyMatch(
          line -> line.matches("WARN refused connection from /127\\.0\\.0\\.1:\\d+: wrong cluster token"));
    }
    assertThat(requestsServed).hasValue(0);
  }

  @Test
  void rawSocketThatSkipsTheHandshakeIsDisconnectedUnserved() throws Exception {
    RpcServer server = server(RpcConfig.defaults());
    try (RawPeer peer = RawPeer.connect(server.localAddress())) {
      assertThat(peer.readFrame().kind()).isEqualTo(FrameKind.CHALLENGE.code);
      peer.writeFrame(FrameKind.REQUEST, ECHO, 1, utf8("let me in"));
      assertThat(peer.closedByPeer()).as("server closed the connection").isTrue();
    }
    assertThat(requestsServed).hasValue(0);
  }

  @Test
  void wireFuzzClosesEachBadConnectionAndTheServerKeepsServing() throws Exception {
    RpcServer server = server(RpcConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(1)));
    List<byte[]> garbage = new ArrayList<>();
    for (long seed = 1; seed <= 5; seed++) {
      byte[] noise = new byte[2048];
      new Random(seed).nextBytes(noise);
      garbage.add(noise);
      garbage.add(ByteBuffer.allocate(4 + noise.length).putInt(noise.length).put(noise).array()); // framed noise
    }
    garbage.add(ByteBuffer.allocate(14).putInt(100).putShort((short) 0x0101).array()); // truncated frame (14 bytes)
    garbage.add(ByteBuffer.allocate(8).putInt(0x8000_0000).array()); // 2 GiB length prefix
    garbage.add(frame(FrameCodec.VERSION, 99)); // unknown kind
    garbage.add(frame(7, FrameKind.PROOF.code)); // unknown version

    List<RawPeer> peers = new ArrayList<>();
    for (byte[] g : garbage) { // before authenticating: refused at once, or by the 1 s handshake timeout
      RawPeer p = RawPeer.connect(server.localAddress());
      peers.add(p);
      p.writeRaw(g);
    }
    for (byte[] g : garbage) { // after authenticating, every case but the truncated frame, which may just be slow
      if (g.length == 14) {
        continue;
      }
      RawPeer p = RawPeer.connect(server.localAddress());
      peers.add(p);
      assertThat(p.authenticateAsClient(token).kind()).isEqualTo(FrameKind.ACCEPT.code);
      p.writeRaw(g);
    }
    for (int i = 0; i < peers.size(); i++) {
      try (RawPeer p = peers.get(i)) {
        assertThat(p.closedByPeer()).as("connection %d closed by the server", i).isTrue();
      }
    }

    RpcClient client = client(RpcConfig.defaults(), server.localAddress());
    for (int i = 0; i < 10; i++) {
      assertThat(text(client.call(ECHO, utf8("ok " + i)))).isEqualTo("ok " + i);
    }
  }

  /** One well-framed 12-byte frame with an empty body and the given version and kind bytes. */
  private static byte[] frame(int version, int kind) {
    return ByteBuffer.allocate(4 + Frame.HEADER_LENGTH).putInt(Frame.HEADER_LENGTH)
        .put((byte) version).put((byte) kind).putShort((short) 1).putLong(1).array();
  }

  @Test
  void clientReconnectsWhenTheServerRestartsOnItsPort() throws Exception {
    RpcServer first = RpcServer.start(RpcConfig.defaults(), token, service);
    int port = first.localAddress().getPort();
    RpcClient client = client(RpcConfig.defaults(), first.localAddress());
    assertThat(text(client.call(ECHO, utf8("before")))).isEqualTo("before");
    CompletableFuture<byte[]> pending = client.call(NEVER, new byte[0]);
    await().atMost(WAIT).until(() -> requestsServed.get() == 2); // the server holds the call

    first.close();
    assertThat(pending).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("connection to").withMessageContaining("lost");
    await().atMost(WAIT).until(() -> !client.isConnected());

    server(RpcConfig.defaults().withPort(port));
    assertThat(text(client.call(ECHO, utf8("after")))).isEqualTo("after");
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void peerThatStopsReadingBlocksSendersInsteadOfFillingMemory() throws Exception {
    int message = 64 << 10;
    int high = 256 << 10;
    RpcConfig config = RpcConfig.defaults().withRequestTimeout(Duration.ofSeconds(1))
        .withWriteBufferWaterMarks(64 << 10, high);
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReceiveBufferSize(16 << 10); // inherited by the accepted socket: a small window
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      CompletableFuture<RawPeer> stalled = CompletableFuture.supplyAsync(() -> {
        try {
          RawPeer p = new RawPeer(listener.accept());
          p.authenticateAsServer(token); // and then never reads again
          return p;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      RpcClient client = client(config, (InetSocketAddress) listener.getLocalSocketAddress());
      try (RawPeer peer = stalled.get(10, TimeUnit.SECONDS)) {
        long mostUnsent = 0;
        RpcException refused = null;
        for (int i = 0; i < 4000 && refused == null; i++) { // 250 MiB if nothing pushed back
          try {
            client.send(ECHO, new byte[message]);
          } catch (RpcException e) {
            refused = e;
          }
          mostUnsent = Math.max(mostUnsent, client.unsentBytes());
        }
        assertThat(refused).as("send to a peer that stopped reading").isNotNull()
            .hasMessageContaining("backed up").hasCauseInstanceOf(TimeoutException.class);
        assertThat(mostUnsent).as("most bytes the client held unsent").isLessThanOrEqualTo(high + message);
      }
    }
  }
}
