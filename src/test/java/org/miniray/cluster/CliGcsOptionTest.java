package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code miniray start --gcs} and {@code miniray zookeeper} accept, and what they say about the rest. */
class CliGcsOptionTest {
  @TempDir
  Path home;

  @Test
  void zookeeperInsideTheHeadIsTheDefault() {
    StartCommand start = new StartCommand();
    new CommandLine(start).parseArgs("--head");
    assertThat(StartCommand.gcsSettings(start.gcs)).containsEntry("miniray.gcs", "zookeeper")
        .containsEntry("miniray.gcs.zookeeper.connect", "");
  }

  @Test
  void zkUrlNamesAnExternalEnsembleAndOptionallyTheClusterInIt() {
    assertThat(StartCommand.gcsSettings("zk://h1:2181,h2:2181,h3:2181")).isEqualTo(Map.of("miniray.gcs", "zookeeper",
        "miniray.gcs.zookeeper.connect", "h1:2181,h2:2181,h3:2181"));
    assertThat(StartCommand.gcsSettings("zk://127.0.0.1:2181/lab")).containsEntry("miniray.gcs.zookeeper.cluster", "lab");
    assertThat(StartCommand.gcsSettings("memory")).isEqualTo(Map.of("miniray.gcs", "memory"));
    assertThat(StartCommand.gcsSettings("zookeeper-simple")).isEqualTo(Map.of("miniray.gcs", "zookeeper-simple",
        "miniray.gcs.zookeeper.connect", ""));
  }

  @Test
  void badGcsValuesAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> StartCommand.gcsSettings("redis")).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--gcs must be memory, zookeeper").hasMessageContaining("'redis'");
    assertThatThrownBy(() -> StartCommand.gcsSettings("zk://")).hasMessageContaining("names no ZooKeeper server");
    assertThatThrownBy(() -> StartCommand.gcsSettings("zk://h1:2181,h2")).hasMessageContaining("'h2' is not HOST:PORT");
    assertThatThrownBy(() -> StartCommand.gcsSettings("zk://h1:2181/a/b")).hasMessageContaining("cluster name 'a/b'");
  }

  @Test
  void startWithABadGcsFailsBeforeStartingAnything() {
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "start", "--head", "--gcs", "zk:/x"))
        .isEqualTo(2));
    assertThat(err).contains("--gcs must be memory, zookeeper").contains("'zk:/x'");
    assertThat(home.resolve("processes")).doesNotExist();
  }

  @Test
  void zookeeperServerChecksItsIdAgainstTheEnsemble() {
    String err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "zookeeper", "--id", "4",
        "--ensemble", "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183")).isEqualTo(2));
    assertThat(err).contains("--id 4 is not between 1 and 3");
    err = stderrOf(() -> assertThat(Cli.run("--home", home.toString(), "zookeeper", "--id", "1",
        "--ensemble", "127.0.0.1:2181,nowhere")).isEqualTo(2));
    assertThat(err).contains("--ensemble: 'nowhere' is not HOST:PORT");
  }

  /** {@code miniray --home HOME ARGS...}, in this JVM; its exit code. */
  static int miniray(Path home, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  /** What {@code r} prints on standard error. */
  static String stderrOf(Runnable r) {
    PrintStream before = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(before);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
