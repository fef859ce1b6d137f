package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.cluster.CliGcsOptionTest.stderrOf;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.transport.netty.ClusterToken;

/** A {@code miniray} command that fails says why on the terminal, in one line, without a stack trace. */
class CliErrorsTest {
  @TempDir
  Path home;

  @Test
  void aNodeWithNoTokenFileSaysWhereTheTokenShouldBe() {
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "start", "--address",
        "127.0.0.1:6379")).isEqualTo(2));
    assertThat(err).contains("no cluster token at " + home.resolve("cluster.token"))
        .contains("written by `miniray start --head`").doesNotContain("\tat ");
  }

  @Test
  void aNodeJoiningAnAddressWithNothingThereSaysSoOnTheTerminal() throws Exception {
    ClusterToken.generate().writeTo(home.resolve("cluster.token"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    String address = "127.0.0.1:" + port;
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "start", "--address", address))
        .isEqualTo(1));
    assertThat(err).contains("the node exited with code 1: cannot connect to /" + address)
        .contains("its log: ").doesNotContain("\tat ");
  }

  @Test
  void aBadEntryInAListOfHeadsIsNamedOnTheTerminal() {
    ClusterToken.generate().writeTo(home.resolve("cluster.token"));
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "start", "--address",
        "127.0.0.1:6379,headtwo")).isEqualTo(2));
    assertThat(err).contains("'headtwo' in the head addresses '127.0.0.1:6379,headtwo' is not HOST:PORT")
        .doesNotContain("\tat ");
  }

  @Test
  void aStatusWithNoTokenIsOneLineNotAStackTrace() {
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "status", "--address",
        "127.0.0.1:6379")).isNotZero());
    assertThat(err).contains("cluster token").doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void anUnknownWorkerModeIsNamedOnTheTerminal() {
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "start", "--head", "--worker-mode",
        "fork")).isEqualTo(2));
    assertThat(err).contains("--worker-mode is thread or process, not 'fork'");
  }
}
