package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SeveralMachinesTest} on a cluster started with {@code --tls}: the authority's two files
 * copied with the token to every machine, every connection between them encrypted, the Demo run
 * from the driver's machine. And a
 * process that holds the token but not the authority is refused, with a line in the head's log
 * naming it and saying why.
 */
class SeveralMachinesTlsTest extends SeveralMachinesTest {
  @Override
  boolean tls() {
    return true;
  }

  /**
   * Not run here (no {@code @Test}): a kill tests the same recovery over TLS as without it, and the
   * plain cluster runs it; this class keeps {@code make test} within its time.
   */
  @Override
  void theFaultDemoSurvivesTheKillOfItsActorsMachine() {}

  @Test
  @Order(3)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aProcessThatDoesNotSpeakTlsIsRefusedWithALogLineSayingWhy() throws Exception {
    Path plain = homes.resolve("plain");
    Files.createDirectories(plain);
    Path token = plain.resolve("cluster.token");
    Files.copy(homes.resolve("head").resolve("cluster.token"), token);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Process p = new ProcessBuilder(net.on("driver", List.of(Path.of("").toAbsolutePath().resolve("bin/miniray")
        .toString(), "--home", plain.toString(), "status", "--address", head))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("status without the authority; it printed %s", out).isEqualTo(1);
    assertThat(out).contains("no head answers at " + head);
    String refused = "refused a connection from /" + net.address("driver");
    Awaitility.await("the head's log says why").atMost(Duration.ofSeconds(30)).until(() -> headLog().contains(refused));
    assertThat(headLog()).contains("this cluster requires it (its head was started with --tls");
  }

  private String headLog() throws Exception {
    try (Stream<Path> logs = Files.list(homes.resolve("head").resolve("logs"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : logs.filter(f -> f.getFileName().toString().startsWith("head-")).toList()) {
        all.append(Files.readString(f));
      }
      return all.toString();
    }
  }
}
