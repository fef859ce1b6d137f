package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTokenTest {
  @TempDir
  Path dir;

  private static byte[] fingerprint(ClusterToken t) {
    return t.prove("fingerprint", new byte[1], new byte[1]);
  }

  @Test
  void tokenFileIsOwnerOnlyAndReadsBackTheSameToken() throws Exception {
    ClusterToken token = ClusterToken.generate();
    Path file = dir.resolve("cluster.token");
    token.writeTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).hasSize(64).matches("[0-9a-f]+");
    assertThat(fingerprint(ClusterToken.readFrom(file))).isEqualTo(fingerprint(token));
    assertThat(fingerprint(ClusterToken.generate())).isNotEqualTo(fingerprint(token));
  }

  @Test
  void existingFileIsNeverOverwritten() {
    Path file = dir.resolve("cluster.token");
    ClusterToken.generate().writeTo(file);
    assertThatThrownBy(() -> ClusterToken.generate().writeTo(file)).hasMessageContaining("already exists");
  }

  @Test
  void missingOrMalformedFileIsReportedByPath() throws Exception {
    Path missing = dir.resolve("nope.token");
    assertThatThrownBy(() -> ClusterToken.readFrom(missing)).hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    Path bad = dir.resolve("bad.token");
    Files.writeString(bad, "not hex at all");
    assertThatThrownBy(() -> ClusterToken.readFrom(bad)).hasMessageContaining(bad.toString())
        .hasMessageContaining("malformed");
  }

  @Test
  void fileOthersCanReadIsUsedWithAWarning() throws Exception {
    Path file = dir.resolve("cluster.token");
    ClusterToken.generate().writeTo(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (LogCapture log = new LogCapture(ClusterToken.class)) {
      ClusterToken.readFrom(file);
      assertThat(log.lines()).singleElement().asString().startsWith("WARN").contains("rw-r--r--").contains("chmod 600");
    }
  }

  @Test
  void printingATokenDoesNotLeakIt() {
    assertThat(ClusterToken.generate().toString()).isEqualTo("ClusterToken[redacted]");
  }

  @Test
  void matchesOnlyItsOwnHexText() throws Exception {
    Path file = dir.resolve("cluster.token");
    ClusterToken token = ClusterToken.generate();
    token.writeTo(file);
    String text = Files.readString(file);
    assertThat(token.matches(text)).isTrue(); // with the file's newline
    assertThat(token.matches(text.strip().toUpperCase())).isTrue();
    String other = text.strip().charAt(0) == '0' ? "1" + text.strip().substring(1) : "0" + text.strip().substring(1);
    assertThat(token.matches(other)).isFalse();
    assertThat(token.matches(text.strip().substring(2))).isFalse();
    assertThat(token.matches("not hex at all")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }
}
