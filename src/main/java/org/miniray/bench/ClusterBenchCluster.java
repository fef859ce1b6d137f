package org.miniray.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.miniray.api.Ray;
import org.miniray.cluster.Cli;
import org.miniray.config.Keys;

/**
 * A head and one node (or more), each its own JVM started with the {@code miniray} command line in a
 * fresh state directory (loopback, the head on a free port), and this JVM joined as the driver.
 * The head offers the custom resource {@value #NEAR} and the node {@value #FAR}, so a workload
 * can place a task on either process. {@link #stop()} shuts the driver down, runs
 * {@code miniray stop} and deletes the state directory.
 *
 * <p>The workload's {@code miniray.nodes} / {@code miniray.node.N.*} keys describe embedded
 * nodes and are ignored here; every other key goes to the driver's {@code Ray.init}.
 */
public final class ClusterBenchCluster implements BenchCluster {
  /** The custom resource of the head process. */
  public static final String NEAR = "near";
  /** The custom resource of the node process. */
  public static final String FAR = "far";
  /** A key of the configuration given to this cluster: {@code true} starts the head with {@code --tls}. */
  public static final String TLS = "miniray.bench.tls";

  private final Map<String, String> driverConfig;
  private final List<String> headArgs;
  private final List<String> nodeResources;
  private final List<String> nodeArgs;
  private Path home;
  private Thread onExit;
  private List<Long> pids = List.of(); // the head's, then each node's, as miniray start listed them

  public ClusterBenchCluster(Map<String, String> config) {
    this(config, List.of());
  }

  /**
   * @param config driver configuration (embedded-node keys dropped)
   * @param extraHeadArgs more {@code miniray start --head} options, such as {@code --policy locality}
   */
  public ClusterBenchCluster(Map<String, String> config, List<String> extraHeadArgs) {
    this(config, extraHeadArgs, List.of("{\"" + FAR + "\": 1}"));
  }

  /**
   * @param config driver configuration (embedded-node keys dropped)
   * @param extraHeadArgs more {@code miniray start --head} options, such as {@code --policy locality}
   * @param nodeResources one node process per entry, started in order with these custom resources
   *     (JSON, as {@code miniray start --resources} takes them); the first should offer {@value #FAR}
   */
  public ClusterBenchCluster(Map<String, String> config, List<String> extraHeadArgs, List<String> nodeResources) {
    this(config, extraHeadArgs, nodeResources, List.of());
  }

  /**
   * As above, with {@code extraNodeArgs} given to every node process's {@code miniray start} (and
   * the head's), such as {@code --object-store-memory 33554432}.
   */
  public ClusterBenchCluster(Map<String, String> config, List<String> extraHeadArgs, List<String> nodeResources,
      List<String> extraNodeArgs) {
    this.nodeArgs = List.copyOf(extraNodeArgs);
    if (nodeResources.isEmpty()) {
      throw new IllegalArgumentException("a bench cluster needs at least one node process besides the head");
    }
    this.nodeResources = List.copyOf(nodeResources);
    Map<String, String> c = new LinkedHashMap<>();
    List<String> head = new ArrayList<>(extraHeadArgs);
    head.addAll(extraNodeArgs);
    config.forEach((k, v) -> {
      if (k.equals(Keys.GCS.name())) {
        head.addAll(List.of("--gcs", v)); // the GCS lives in the head; a driver reaches it through the head
      } else if (k.equals(TLS)) {
        if (Boolean.parseBoolean(v)) {
          head.add("--tls"); // its authority sits beside the token, where the node and this driver find it
        }
      } else if (!k.equals("miniray.nodes") && !k.startsWith("miniray.node.")) {
        c.put(k, v);
      }
    });
    this.driverConfig = c;
    this.headArgs = List.copyOf(head);
  }

  @Override
  public void start() {
    try {
      home = Files.createTempDirectory("miniray-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Ctrl-C during a run must not leave the head and node processes behind.
    Path mine = home;
    onExit = new Thread(() -> Cli.run("--home", mine.toString(), "stop"), "miniray-bench-stop");
    Runtime.getRuntime().addShutdownHook(onExit);
    boolean started = false;
    try {
      List<String> head = new ArrayList<>(List.of("start", "--head", "--port", "0", "--resources",
          "{\"" + NEAR + "\": 1}"));
      head.addAll(headArgs);
      cli(head.toArray(String[]::new));
      String address = Files.readString(home.resolve("head.address")).trim();
      for (String resources : nodeResources) {
        List<String> node = new ArrayList<>(List.of("start", "--address", address, "--resources", resources));
        node.addAll(nodeArgs);
        cli(node.toArray(String[]::new));
      }
      Map<String, String> c = new LinkedHashMap<>(driverConfig);
      c.put("miniray.address", address);
      c.put("miniray.cluster.token.file", home.resolve("cluster.token").toString());
      pids = Files.readAllLines(Cli.processesFile(home)).stream().filter(l -> !l.isBlank())
          .map(l -> Long.parseLong(l.trim())).toList();
      Ray.init(c);
      started = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!started) {
        stop();
      }
    }
  }

  @Override
  public Map<String, Long> cpuNanos() {
    Map<String, Long> cpu = new LinkedHashMap<>();
    ProcessCpu.ofThisJvm().ifPresent(n -> cpu.put("driver", n));
    for (int i = 0; i < pids.size(); i++) {
      String role = i == 0 ? "head" : "node" + i;
      ProcessCpu.nanos(pids.get(i)).ifPresent(n -> cpu.put(role, n));
    }
    return cpu;
  }

  @Override
  public void stop() {
    pids = List.of();
    if (home == null) {
      return;
    }
    try {
      if (Ray.isInitialized()) {
        Ray.shutdown();
      }
    } finally {
      try {
        cli("stop");
      } finally {
        deleteQuietly(home);
        home = null;
        try {
          Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to: it finds nothing left to stop
        }
      }
    }
  }

  /** The state directory of the running cluster (its logs are under {@code logs/}), or null. */
  public Path home() {
    return home;
  }

  /** Runs the command line with this cluster's home; its chatter is kept out of the bench's output unless it fails. */
  private void cli(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    int code;
    synchronized (ClusterBenchCluster.class) {
      PrintStream capture = new PrintStream(said, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      try {
        code = Cli.run(all);
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
    if (code != 0) {
      throw new IllegalStateException("miniray " + String.join(" ", args) + " exited with " + code + ": "
          + said.toString(StandardCharsets.UTF_8).trim() + logs());
    }
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    Path dir = home.resolve("logs");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String text = Files.readString(f);
          b.append("\n--- ").append(f.getFileName()).append(" (last lines) ---\n")
              .append(text.substring(Math.max(0, text.length() - 2000)));
        }
      } catch (IOException e) {
        b.append("\n(logs unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return b.toString();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
