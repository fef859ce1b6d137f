package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.zookeeper.EmbeddedZooKeeper;

/**
 * Issue 15, head restart with nothing lost: with the GCS on a three-server ensemble outside the
 * head ({@code --gcs zk://...}), chains of dependent tasks run on a head and a node when the head
 * is killed with SIGKILL and started again with the same command a second later. The driver (its
 * own JVM, {@link ChainDriver}) finishes with every result right, and the job takes at most 15 s
 * longer than the same job without the kill. The restarted head joins as the next incarnation of
 * its address ({@code head@ADDRESS#2}) and declares the old one dead at once, so lineage runs again
 * what the old one held or was running.
 *
 * <p>What made it pass (it hung in 6 of 9 runs before): a joined process that sees a new head
 * process answer publishes every copy it holds again and rebuilds its local scheduler from the
 * task table ({@code JoinedProcess.headRestarted}), since what it sent the dying head (a result's
 * location) and what the dying head sent it (a placement) were lost with it; and its calls to the
 * head are retried while the head is away ({@code gcs.remote.HeadRetries}).
 *
 * <p>The same with a standby head and no restart at all: a second head started on the ensemble
 * stands by (it does not even listen), the node and the driver are given both heads' addresses, and
 * when the active head is killed the standby's leader latch fires once the killed head's ZooKeeper
 * session has timed out; the standby then starts serving, declares the killed head dead, and the
 * node and the driver reconnect to it and take it for a restarted head, on the same path.
 *
 * <p>The issue's sizes are in {@code make stress} only, since the two jobs and the ensemble take
 * over a minute: {@code mvn -B -o test -Dtest=HeadRestartProcessesTest -Dtest.groups=stress
 * -Dtest.excludedGroups=}. A small standby run (2 chains of 30) is in {@code make test}, and so is
 * {@link #shortChainsFinishRightAcrossAHeadKilledAndStartedAgain}, the restart at a small size.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class HeadRestartProcessesTest {
  @TempDir
  Path home;
  private TestingCluster ensemble;
  private String gcs; // the ensemble's connect string, as --gcs takes it

  @AfterEach
  void stop() throws Exception {
    CliAt.run(home, "stop");
    if (ensemble != null) {
      ensemble.close();
    }
  }

  @Test
  @Tag("stress")
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void chainsOfTasksFinishRightAcrossAHeadKilledAndStartedAgain() throws Exception {
    run(4, 60, 40, false);
  }

  @Test
  @Tag("stress")
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theIssuesChainsFinishRightAcrossAHeadKilledAndStartedAgain() throws Exception {
    run(4, 150, 40, false);
  }

  /** The Done-when's "same with a standby head and no restart at all". */
  @Test
  @Tag("stress")
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theIssuesChainsFinishRightWhenAStandbyHeadTakesOverFromOneKilled() throws Exception {
    run(4, 150, 40, true);
  }

  /**
   * The same in {@code make test}, small: 2 chains of 30 tasks of 100 ms (the job runs a few
   * seconds, so the kill lands in it), checked for every result right, not timed against a run
   * without the kill.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aStandbyHeadTakesOverFromAKilledHeadAndTheChainsFinishRight() throws Exception {
    run(2, 30, 100, true);
  }

  /**
   * The same in {@code make test}, small: 2 chains of 20 tasks of 100 ms, driven from this JVM, on
   * a head and a node with 2 CPUs each; the head is killed once every chain has 5 results and none
   * has its last, and started again at once with the same command. Every result is right, and the
   * chains did not finish before the kill. No time is compared (one job only): the stress test does.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shortChainsFinishRightAcrossAHeadKilledAndStartedAgain() throws Exception {
    int chains = 2;
    int length = 20;
    long start = System.nanoTime();
    String[] headCommand = startCluster();
    try {
      Ray.init(CliAt.driverConfig(home));
      List<List<ObjectRef<Integer>>> links = new ArrayList<>();
      for (int c = 0; c < chains; c++) {
        List<ObjectRef<Integer>> chain = new ArrayList<>();
        ObjectRef<Integer> last = Ray.put(0);
        for (int i = 0; i < length; i++) {
          last = Ray.task(ChainDriver::next, last, 100L).remote();
          chain.add(last);
        }
        links.add(chain);
      }
      List<ObjectRef<Integer>> fifths = links.stream().map(chain -> chain.get(4)).toList();
      List<ObjectRef<Integer>> ends = links.stream().map(chain -> chain.get(length - 1)).toList();
      assertThat(Ray.wait(fifths, chains, 60_000).getReady()).as("chains with 5 results").hasSize(chains);
      assertThat(Ray.wait(ends, chains, 0).getReady()).as("chains finished before the head was killed").isEmpty();

      long killed = System.nanoTime();
      long headPid = Long.parseLong(Files.readAllLines(home.resolve("processes")).get(0).trim());
      ProcessHandle.of(headPid).orElseThrow().destroyForcibly(); // SIGKILL
      ProcessHandle.of(headPid).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
      CliAt.printed(home, 0, headCommand);
      long restarted = System.nanoTime();

      List<Integer> got = Ray.get(ends, 120_000);
      assertThat(got).as("where each chain ended").containsOnly(length).hasSize(chains);
      for (List<ObjectRef<Integer>> chain : links) {
        for (int i = 0; i < length; i++) {
          assertThat(chain.get(i).get(60_000)).as("link %d of a chain", i + 1).isEqualTo(i + 1);
        }
      }
      assertRestartedHead(CliAt.printed(home, 0, "status"));
      System.out.printf("%d chains of %d tasks of 100 ms across a head restart: the new head answered the command"
          + " %.1f s after the kill, the chains ended %.1f s after it; %.1f s in all%n", chains, length,
          (restarted - killed) / 1e9, (System.nanoTime() - restarted) / 1e9, (System.nanoTime() - start) / 1e9);
    } finally {
      Ray.shutdown();
    }
  }

  /** Starts the ensemble, a head on it and a node (for the short test); returns the command that starts the head again on its port. */
  private String[] startCluster() throws Exception {
    String[] headCommand = startEnsembleAndHead();
    CliAt.printed(home, 0, "start", "--address", CliAt.headAddress(home), "--num-cpus", "2");
    return headCommand;
  }

  /** Starts the ensemble ({@link #gcs}) and a head on it; returns the command that starts the head again on its port. */
  private String[] startEnsembleAndHead() throws Exception {
    ensemble = EmbeddedZooKeeper.cluster(3, 200);
    ensemble.start();
    gcs = "zk://" + ensemble.getConnectString();
    return CliAt.startHead(home, "--num-cpus", "2", "--gcs", gcs);
  }


  private void assertRestartedHead(String status) {
    String head = CliAt.headAddress(home);
    assertThat(status).as("the old head is dead, its next incarnation alive")
        .containsPattern("head@" + head + " +dead").containsPattern("head@" + head + "#2 +alive");
  }

  /**
   * {@code chains} chains of {@code length} tasks of {@code millis} ms, once without a kill (not in
   * the small test) and once with the head killed: started again a second later at its port, or,
   * with {@code standby}, not at all (a standby head started beforehand at a port of its own takes
   * over; the node and the driver were given both addresses).
   */
  private void run(int chains, int length, long millis, boolean standby) throws Exception {
    boolean small = length < 60;
    String[] headCommand = startEnsembleAndHead();
    String head = CliAt.headAddress(home);
    String heads = head;
    String spare = null;
    if (standby) {
      spare = "127.0.0.1:" + freePort();
      String started = CliAt.printed(home, 0, "start", "--head", "--port", spare.substring(spare.indexOf(':') + 1),
          "--num-cpus", "2", "--gcs", gcs);
      assertThat(started).contains("Started a standby head");
      heads = head + "," + spare;
      assertThat(CliAt.printed(home, 0, "status", "--address", heads)).as("status names the active head and the standby")
          .containsPattern("Heads: 127.0.0.1:any port \\(pid [0-9]+\\) \\(active\\), " + spare
              + " \\(pid [0-9]+\\) \\(standby\\)");
    }
    CliAt.printed(home, 0, "start", "--address", heads, "--num-cpus", "2");

    double without = small ? Double.NaN : finished(driver(heads, chains, length, millis, "without"), "without", 180);

    long headPid = Long.parseLong(Files.readAllLines(home.resolve("processes")).get(0).trim());
    Process driver = driver(heads, chains, length, millis, "with");
    Awaitility.await("the driver submitted its chains").atMost(java.time.Duration.ofMinutes(2))
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(() -> Files.readString(home.resolve("with.out")).contains("submitted") || !driver.isAlive());
    // The small run kills the head the moment the driver has submitted its tasks: their rows and the
    // tasks themselves (one-way messages) may be taken by the head and die with it before its GCS
    // batch is written, and the driver sends them again to the head that answers next.
    if (!small) {
      Thread.sleep(2_000); // the issue's scenario: a job that has run a while when the head dies
    }
    long killed = System.nanoTime();
    ProcessHandle.of(headPid).orElseThrow().destroyForcibly();
    ProcessHandle.of(headPid).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
    assertThat(Files.readString(home.resolve("with.out"))).as("the job was still running when its head was killed")
        .doesNotContain("done in");
    if (!standby) {
      Thread.sleep(1_000); // "started again with the same command 1 s later"
      CliAt.printed(home, 0, headCommand);
    }
    String serving = standby ? spare : head;
    Awaitility.await("a head serving at " + serving).atMost(java.time.Duration.ofMinutes(2))
        .pollInterval(java.time.Duration.ofMillis(50)).until(() -> listens(serving));
    double takeover = (System.nanoTime() - killed) / 1e9;
    double with = finished(driver, "with", small ? 90 : 180);

    String status = CliAt.printed(home, 0, "status", "--address", heads);
    System.out.printf("%d chains of %d tasks of %d ms: %s%.1f s with the kill (%s, serving %.1f s after the kill)%n%s%n",
        chains, length, millis, small ? "" : String.format("%.1f s without the kill, ", without), with,
        standby ? "a standby took over" : "the head started again", takeover, status);
    if (standby) {
      assertThat(status).as("the killed head is dead, the standby is the active head now")
          .containsPattern("head@" + head + " +dead").containsPattern("head@" + spare + " +alive")
          .containsPattern("Heads: " + spare + " \\(pid [0-9]+\\) \\(active\\)");
    } else {
      assertThat(status).as("the old head is dead, its next incarnation alive")
          .containsPattern("head@" + head + " +dead").containsPattern("head@" + head + "#2 +alive");
    }
    if (small) {
      return;
    }
    assertThat(with).as("seconds of the job with the head killed (%s), against %.1f without",
        standby ? "a standby took over" : "started again", without).isLessThanOrEqualTo(without + 15);
  }

  private static boolean listens(String address) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(ClusterProcess.parseAddress(address), 1_000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process driver(String heads, int chains, int length, long millis, String name) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ChainDriver.class.getName(), heads,
        home.resolve("cluster.token").toString(), Integer.toString(chains), Integer.toString(length),
        Long.toString(millis))
        .redirectErrorStream(true).redirectOutput(home.resolve(name + ".out").toFile()).start();
  }

  /** Waits for the driver; checks it printed ok; returns the job's seconds as it printed them. */
  private double finished(Process driver, String name, int seconds) throws Exception {
    if (!driver.waitFor(seconds, TimeUnit.SECONDS)) {
      driver.destroyForcibly();
      System.out.println("the driver " + name + " the kill did not finish; it printed:\n"
          + Files.readString(home.resolve(name + ".out")) + "\n" + CliAt.printed(home, 0, "status"));
      try (var logs = Files.list(home.resolve("logs"))) {
        for (Path log : logs.toList()) {
          var lines = Files.readAllLines(log);
          System.out.println("--- " + log.getFileName() + ", last lines:");
          lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
        }
      }
      throw new AssertionError("the driver " + name + " the kill did not finish within " + seconds + " s");
    }
    String printed = Files.readString(home.resolve(name + ".out"));
    assertThat(driver.exitValue()).as("the driver %s the kill printed:%n%s", name, printed).isZero();
    assertThat(printed).contains("ok");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("done in ([0-9.]+) s").matcher(printed);
    assertThat(m.find()).as("the driver printed its time: %s", printed).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
