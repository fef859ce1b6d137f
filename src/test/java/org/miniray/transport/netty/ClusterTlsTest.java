package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code miniray start --tls} on loopback: processes holding the authority's files talk; a process
 * with the token alone, or with another cluster's authority, or a program sending plain bytes, is
 * refused, and the server's log says why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTlsTest {
  private static final int ECHO = 1;
  // Shorter than the default 15 s, so the refused plain client gives up sooner; long enough for a cold TLS
  // handshake on a loaded machine.
  private static final RpcConfig CONFIG = RpcConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(8));

  @TempDir
  Path dir;

  private final RpcHandler echo = new RpcHandler() {
    @Override
    public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
      return CompletableFuture.completedFuture(body);
    }

    @Override
    public void onOneWay(RpcConnection from, int type, byte[] body) {}
  };

  /** A cluster's token file with its authority beside it, in a directory of its own. */
  private Path cluster(String name) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    ClusterToken.generate().writeTo(home.resolve("cluster.token"));
    ClusterTls.createAuthority(home);
    return home.resolve("cluster.token");
  }

  @Test
  void holdersOfTheAuthorityTalkAndItsFilesAreTheOwnersAlone() throws Exception {
    Path token = cluster("a");
    for (String f : new String[] {ClusterTls.AUTHORITY_CERTIFICATE, ClusterTls.AUTHORITY_KEY}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.resolveSibling(f)))).as(f)
          .isEqualTo("rw-------");
    }
    ClusterToken server = ClusterToken.readFrom(token);
    ClusterToken client = ClusterToken.readFrom(token); // another process: its own key and certificate
    assertThat(server.tls()).isTrue();
    try (RpcServer s = RpcServer.start(CONFIG, server, echo);
        RpcClient c = RpcClient.connect(CONFIG, client, s.localAddress(), RpcHandler.none())) {
      byte[] big = new byte[3 << 20];
      big[big.length - 1] = 7;
      assertThat(c.call(ECHO, "hello".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS))
          .asString(StandardCharsets.UTF_8).isEqualTo("hello");
      assertThat(c.call(ECHO, big).get(10, TimeUnit.SECONDS)).as("a chunked body through TLS").isEqualTo(big);
    }
  }

  @Test
  void aPlainPeerAndAnotherClustersAuthorityAreRefusedAndTheServerSaysWhy() throws Exception {
    Path token = cluster("a");
    ClusterToken server = ClusterToken.readFrom(token);
    Path plainHome = Files.createDirectories(dir.resolve("plain"));
    Files.copy(token, plainHome.resolve("cluster.token"));
    ClusterToken plain = ClusterToken.readFrom(plainHome.resolve("cluster.token"));
    assertThat(plain.tls()).as("the token alone").isFalse();
    // The same secret, another authority: its certificate proves nothing to this cluster.
    Path otherHome = Files.createDirectories(dir.resolve("other"));
    Files.copy(token, otherHome.resolve("cluster.token"));
    ClusterTls.createAuthority(otherHome);
    ClusterToken other = ClusterToken.readFrom(otherHome.resolve("cluster.token"));

    try (LogCapture log = new LogCapture(TlsRequired.class); RpcServer s = RpcServer.start(CONFIG, server, echo)) {
      assertThatThrownBy(() -> RpcClient.connect(CONFIG, plain, s.localAddress(), RpcHandler.none()))
          .as("a process with the token alone").isInstanceOf(RpcException.class)
          .hasMessageContaining("if the cluster was started with --tls, this process needs cluster-ca.crt");
      await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
          .anyMatch(l -> l.startsWith("WARN refused a connection from") && l.contains("it closed without starting TLS")
              && l.contains("this cluster requires it")));

      try (Socket raw = new Socket(s.localAddress().getAddress(), s.localAddress().getPort())) {
        OutputStream out = raw.getOutputStream();
        out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
            .anyMatch(l -> l.contains("it does not speak TLS")));
        assertThat(raw.getInputStream().read()).as("the server closed the plain connection").isEqualTo(-1);
      }

      assertThatThrownBy(() -> RpcClient.connect(CONFIG, other, s.localAddress(), RpcHandler.none()))
          .as("another cluster's authority").isInstanceOf(RpcException.class);
    }
  }

  @Test
  void aMissingHalfOfTheAuthorityIsNamed() throws Exception {
    Path token = cluster("a");
    Files.delete(token.resolveSibling(ClusterTls.AUTHORITY_KEY));
    assertThatThrownBy(() -> ClusterToken.readFrom(token)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ClusterTls.AUTHORITY_KEY).hasMessageContaining("missing or unreadable");
  }
}
