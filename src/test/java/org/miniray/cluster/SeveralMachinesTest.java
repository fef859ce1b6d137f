package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, hosts and not just ports: README.md's "On several machines", with each machine a
 * Linux network namespace of its own ({@link NetworkNamespaces}: its own loopback, its own
 * address), so no process reaches another through 127.0.0.1. A head, two nodes and a driver,
 * each on its own machine, started with {@code bin/miniray} as the README writes it (the token
 * copied to each machine, each node naming its own address with {@code --host}); the Demo runs
 * as the driver, then the fault demo with the actor's node killed under it. Skipped, with the
 * reason, where namespaces cannot be made (not root). {@link SeveralMachinesTlsTest} does the same
 * on a cluster that speaks TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralMachinesTest {
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final List<String> MACHINES = List.of("head", "node1", "node2", "driver");

  Path homes; // made by startTheCluster, removed by stopTheCluster
  NetworkNamespaces net;
  String head;

  /** Whether the cluster speaks TLS ({@code miniray start --head --tls}); {@link SeveralMachinesTlsTest} says yes. */
  boolean tls() {
    return false;
  }

  @BeforeAll
  void startTheCluster() throws Exception {
    homes = Files.createTempDirectory("miniray-machines");
    BuiltClasspath.of(REPO); // bin/miniray runs from target/classes and target/classpath.txt
    try {
      net = NetworkNamespaces.create(MACHINES);
    } catch (NetworkNamespaces.Unavailable e) {
      Assumptions.abort("network namespaces cannot be made here, so there are no machines to spread over: "
          + e.getMessage());
    }
    head = net.address("head") + ":6379";
    // As the README: the head on its machine's address, the token copied to every other machine.
    List<String> start = new ArrayList<>(List.of("start", "--head", "--host", net.address("head"), "--num-cpus", "0",
        "--heartbeat-timeout-ms", "3000"));
    if (tls()) {
      start.add("--tls");
    }
    String started = miniray("head", start.toArray(String[]::new));
    assertThat(started).contains("Started the head at " + head);
    List<String> secrets = tls() ? List.of("cluster.token", "cluster-ca.crt", "cluster-ca.key") : List.of("cluster.token");
    for (String m : MACHINES.subList(1, MACHINES.size())) {
      Files.createDirectories(home(m));
      for (String secret : secrets) {
        Path copy = home(m).resolve(secret);
        Files.copy(home("head").resolve(secret), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
      }
    }
    for (String m : List.of("node1", "node2")) {
      assertThat(miniray(m, "start", "--address", head, "--host", net.address(m), "--num-cpus", "2"))
          .contains("Started a node at " + net.address(m) + ":");
    }
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    try {
      if (net != null) {
        try {
          for (String m : List.of("node1", "node2", "head")) {
            miniray(m, "stop");
          }
        } finally {
          net.close();
        }
      }
    } finally {
      try (Stream<Path> all = Files.walk(homes)) {
        for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theDemoRunsFromAnotherMachineAndNoMachineIsReachedThroughLoopback() throws Exception {
    String demo = run(net.on("driver", driver("org.miniray.examples.Demo")));
    assertThat(demo).contains("sorted: true (same as Arrays.sort: true)").contains("loss falling: true");

    String status = miniray("driver", "status", "--address", head);
    System.out.println("miniray status, run on the driver's machine:\n" + status);
    assertThat(status).contains("head@" + head).contains("node@" + net.address("node1") + ":")
        .contains("node@" + net.address("node2") + ":").contains("driver@" + net.address("driver") + ":");
    assertThat(status.lines().filter(l -> l.startsWith("node@")).toList()).as("both nodes alive: %s", status)
        .hasSize(2).allMatch(l -> l.contains(" alive "));

    // 127.0.0.1 on the driver's machine is its own loopback, where no head listens.
    Process p = start(net.on("driver", cli("driver", "status", "--address", "127.0.0.1:6379")));
    String refused = finish(p, List.of("status at 127.0.0.1"), false);
    assertThat(p.exitValue()).as("status through loopback; it printed %s", refused).isEqualTo(1);
    assertThat(refused).contains("no head answers at 127.0.0.1:6379");
  }

  @Test
  @Order(2)
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theFaultDemoSurvivesTheKillOfItsActorsMachine() throws Exception {
    Process demo = start(net.on("driver", driver("org.miniray.examples.FaultDemo", "30", "500")));
    StringBuilder printed = new StringBuilder();
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killTheLedgersNode(demo, printed));
    boolean ended = demo.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      demo.destroyForcibly();
    }
    long pid = killed.get(10, TimeUnit.SECONDS);
    String out;
    synchronized (printed) {
      out = printed.toString();
    }
    System.out.println("the fault demo printed (pid " + pid + " killed):\n" + out);
    assertThat(ended).as("the fault demo ended within three minutes; it printed:%n%s", out).isTrue();
    assertThat(pid).as("the pid the demo printed, killed while squares were being done; it printed:%n%s", out)
        .isPositive();
    assertThat(demo.exitValue()).as("the fault demo's exit code; it printed:%n%s", out).isZero();
    assertThat(out).contains("OK: the same answer as a run without failures").contains("the ledger restarted");
  }

  /** Reads the demo's lines as they come; kills the pid it names once some squares are done. */
  private long killTheLedgersNode(Process demo, StringBuilder printed) {
    Pattern kill = Pattern.compile("kill -9 (\\d+)");
    long pid = -1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (printed) {
          printed.append(line).append('\n');
        }
        Matcher m = kill.matcher(line);
        if (m.find()) {
          pid = Long.parseLong(m.group(1));
        } else if (pid > 0 && line.matches(".*\\] [1-9]\\d* of \\d+ squares done.*")) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          long victim = pid;
          pid = 0; // killed once
          drain(r, printed);
          return victim;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return pid;
  }

  private void drain(BufferedReader r, StringBuilder printed) throws IOException {
    for (String line; (line = r.readLine()) != null; ) {
      synchronized (printed) {
        printed.append(line).append('\n');
      }
    }
  }

  private Path home(String machine) {
    return homes.resolve(machine);
  }

  private List<String> cli(String machine, String... args) {
    List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/miniray").toString(), "--home",
        home(machine).toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@code bin/miniray ARGS} on {@code machine}, which must succeed; what it printed. */
  private String miniray(String machine, String... args) throws Exception {
    return run(net.on(machine, cli(machine, args)));
  }

  /** A driver program's command, as the README's: the head's address and the token on its machine. */
  private List<String> driver(String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dminiray.address=" + head, "-Dminiray.cluster.token.file=" + home("driver").resolve("cluster.token"),
        "-cp", BuiltClasspath.of(REPO), main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process start(List<String> cmd) throws IOException {
    return new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true).start();
  }

  private String run(List<String> cmd) throws Exception {
    return finish(start(cmd), cmd, true);
  }

  /**
   * Waits for {@code p} (at most three minutes) and returns what it printed, unless another
   * reader takes its output; {@code mustSucceed}: its exit code must be 0.
   */
  private String finish(Process p, List<String> cmd, boolean mustSucceed) throws Exception {
    CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    });
    boolean ended = p.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = text.get(10, TimeUnit.SECONDS);
    assertThat(ended).as("%s ended within three minutes; it printed:%n%s", cmd, out).isTrue();
    if (mustSucceed) {
      assertThat(p.exitValue()).as("exit code of %s; it printed:%n%s", cmd, out).isZero();
    }
    return out;
  }
}
