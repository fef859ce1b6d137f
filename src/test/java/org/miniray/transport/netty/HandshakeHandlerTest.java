package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol.FrameKind;

class HandshakeHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final ClusterToken token = ClusterToken.generate();
  private final CompletableFuture<Void> serverDone = new CompletableFuture<>();
  private final CompletableFuture<Void> clientDone = new CompletableFuture<>();

  private EmbeddedChannel server(ClusterToken t) {
    return new EmbeddedChannel(new ServerHandshakeHandler(t, TIMEOUT, serverDone));
  }

  private EmbeddedChannel client(ClusterToken t) {
    return new EmbeddedChannel(new ClientHandshakeHandler(t, TIMEOUT, clientDone));
  }

  private static byte[] bytes(Frame f) {
    return f.takeBody();
  }

  private static Frame proof(ClusterToken t, byte[] serverNonce, byte[] clientNonce) {
    byte[] body = new byte[64];
    System.arraycopy(clientNonce, 0, body, 0, 32);
    System.arraycopy(t.prove(ServerHandshakeHandler.CLIENT_LABEL, serverNonce, clientNonce), 0, body, 32, 32);
    return Frame.of(FrameKind.PROOF, 0, 0, body);
  }

  /** Moves every frame each side wrote to the other until neither writes any more. */
  private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Object f; (f = a.readOutbound()) != null; moved = true) {
        b.writeInbound(f);
      }
      for (Object f; (f = b.readOutbound()) != null; moved = true) {
        a.writeInbound(f);
      }
    }
  }

  @Test
  void serverAcceptsTheRightProofAnswersWithItsOwnAndLeavesThePipeline() {
    EmbeddedChannel ch = server(token);
    Frame challenge = ch.readOutbound();
    assertThat(challenge.kind()).isEqualTo(FrameKind.CHALLENGE);
    byte[] serverNonce = bytes(challenge);
    byte[] clientNonce = ClusterToken.randomBytes(32);

    ch.writeInbound(proof(token, serverNonce, clientNonce));

    Frame accept = ch.readOutbound();
    assertThat(accept.kind()).isEqualTo(FrameKind.ACCEPT);
    assertThat(bytes(accept)).isEqualTo(token.prove(ServerHandshakeHandler.SERVER_LABEL, clientNonce, serverNonce));
    assertThat(ch.pipeline().get(ServerHandshakeHandler.class)).as("handshake handler after success").isNull();
    assertThat(serverDone).isCompleted();
    ch.writeInbound(Frame.of(FrameKind.REQUEST, 1, 1, new byte[] {5}));
    Frame passed = ch.readInbound();
    assertThat(passed.kind()).as("frames after the handshake reach the next handler").isEqualTo(FrameKind.REQUEST);
    passed.release();
  }

  @Test
  void serverRefusesAWrongTokenSaysSoAndCloses() {
    EmbeddedChannel ch = server(token);
    byte[] serverNonce = bytes(ch.readOutbound());
    try (LogCapture log = new LogCapture(ServerHandshakeHandler.class)) {
      ch.writeInbound(proof(ClusterToken.generate(), serverNonce, ClusterToken.randomBytes(32)));
      Frame reject = ch.readOutbound();
      assertThat(reject.kind()).isEqualTo(FrameKind.REJECT);
      reject.release();
      assertThat(ch.isOpen()).isFalse();
      assertThat(serverDone).isCompletedExceptionally();
      assertThat(log.lines()).containsExactly("WARN refused connection from embedded: wrong cluster token");
    }
  }

  @Test
  void serverClosesOnARequestBeforeAuthentication() {
    EmbeddedChannel ch = server(token);
    ((Frame) ch.readOutbound()).release();
    try (LogCapture log = new LogCapture(ServerHandshakeHandler.class)) {
      ch.writeInbound(Frame.of(FrameKind.REQUEST, 1, 1, new byte[] {1, 2, 3}));
      assertThat((Object) ch.readInbound()).as("a frame let through before authentication").isNull();
      assertThat(ch.isOpen()).isFalse();
      assertThat(log.lines()).singleElement().asString().contains("sent a REQUEST frame before authenticating");
    }
  }

  @Test
  void serverClosesAConnectionThatDoesNotAuthenticateInTime() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(new ServerHandshakeHandler(token, TIMEOUT, serverDone));
    ch.pipeline().fireChannelActive();
    ch.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).as("open after the handshake timeout").isFalse();
    ch.finishAndReleaseAll();
  }

  @Test
  void clientProvesItselfAndChecksTheServer() {
    EmbeddedChannel ch = client(token);
    byte[] serverNonce = ClusterToken.randomBytes(32);
    ch.writeInbound(Frame.of(FrameKind.CHALLENGE, 0, 0, serverNonce));
    byte[] proof = bytes(ch.readOutbound());
    byte[] clientNonce = java.util.Arrays.copyOf(proof, 32);
    assertThat(java.util.Arrays.copyOfRange(proof, 32, 64))
        .isEqualTo(token.prove(ServerHandshakeHandler.CLIENT_LABEL, serverNonce, clientNonce));

    ch.writeInbound(Frame.of(FrameKind.ACCEPT, 0, 0,
        token.prove(ServerHandshakeHandler.SERVER_LABEL, clientNonce, serverNonce)));
    assertThat(clientDone).isCompleted();
    assertThat(ch.pipeline().get(ClientHandshakeHandler.class)).isNull();
  }

  @Test
  void clientDetectsAServerWithoutTheToken() {
    EmbeddedChannel ch = client(token);
    ch.writeInbound(Frame.of(FrameKind.CHALLENGE, 0, 0, ClusterToken.randomBytes(32)));
    ((Frame) ch.readOutbound()).release();
    ch.writeInbound(Frame.of(FrameKind.ACCEPT, 0, 0, ClusterToken.randomBytes(32)));
    assertThat(ch.isOpen()).isFalse();
    assertThat(clientDone).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("could not prove it holds the cluster token");
  }

  @Test
  void honestPeersAuthenticateEachOther() {
    EmbeddedChannel s = server(token);
    EmbeddedChannel c = client(token);
    shuttle(c, s);
    assertThat(serverDone).isCompleted();
    assertThat(clientDone).isCompleted();
  }

  @Test
  void clientWithAnotherTokenLearnsTheClusterRefusedIt() {
    EmbeddedChannel s = server(token);
    EmbeddedChannel c = client(ClusterToken.generate());
    shuttle(c, s);
    assertThat(s.isOpen()).isFalse();
    assertThat(c.isOpen()).isFalse();
    assertThat(clientDone).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("refused this node's cluster token");
  }
}
