package org.miniray.bench;

import com.google.common.base.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/compare.sh}: miniray beside its peers (Dask distributed, Hazelcast's executor) on
 * the workloads they share, in one run. A peer that is installed is run now, after miniray; a
 * peer that is not is said to be missing, and its figures from the peers' {@code RESULTS.md} are
 * shown instead, labelled "recorded" (measured on another day, so a ratio against them mixes two
 * runs). Nothing is installed or built here.
 */
@Command(name = "bench-compare", mixinStandardHelpOptions = true,
    description = "miniray's microbenchmarks beside Dask's and Hazelcast's, as ratios.")
public final class BenchCompare implements Callable<Integer> {

  /** A miniray workload and the peers' name for the same measurement. */
  record Pair(String miniray, String peer) {}

  static final List<Pair> PAIRS = List.of(
      new Pair("single_client_tasks_sync", "tasks_sync"),
      new Pair("single_client_tasks_async", "tasks_async"),
      new Pair("1_1_actor_calls_sync", "actor_calls_sync"),
      new Pair("1_1_actor_calls_async", "actor_calls_async"),
      new Pair("single_client_put_calls", "put_small"),
      new Pair("single_client_get_calls", "get_small"),
      new Pair("single_client_put_gigabytes", "put_gigabytes"),
      new Pair("node_to_node_gigabytes", "get_gigabytes_remote"),
      new Pair("single_client_wait_1k_refs", "wait_1k"),
      new Pair("nested_fanout", "nested_fanout"),
      new Pair("task_latency", "end_to_end_latency_us"));

  /** A peer's figure for one workload, and whether it was measured in this run or read from RESULTS.md. */
  record PeerFigure(double value, String unit, boolean measuredNow) {}

  @Option(names = "--peers", defaultValue = "${env:MINIRAY_PEERS:-../shared/peers}",
      description = "the peers directory (dask_bench.py, hazelcast/, RESULTS.md). Default: ${DEFAULT-VALUE}")
  Path peers;

  @Option(names = "--quick", description = "miniray in --quick size (the peers have one size)")
  boolean quick;

  @Option(names = "--recorded-only", description = "run no peer; show RESULTS.md's figures")
  boolean recordedOnly;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCompare()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
    List<String> names = PAIRS.stream().map(Pair::miniray).toList();
    System.out.println("== miniray (embedded, " + sizes.name() + " size), measured now");
    List<WorkloadResult> mine = new BenchRunner(BenchMode.EMBEDDED, sizes, Ticker.systemTicker(),
        new Progress(System.out, System.console() != null)).run(Workloads.select(names));

    Path results = peers.resolve("RESULTS.md");
    Map<String, Map<String, PeerFigure>> recorded = Files.exists(results)
        ? parseResults(Files.readAllLines(results)) : Map.of();
    if (recorded.isEmpty()) {
      System.out.println("no recorded peer figures: " + results + " is missing");
    }
    Map<String, Map<String, PeerFigure>> peerFigures = new LinkedHashMap<>();
    peerFigures.put("dask", runOrRecorded("dask", daskCommand(), recorded.getOrDefault("dask", Map.of())));
    peerFigures.put("hazelcast", runOrRecorded("hazelcast", hazelcastCommand(),
        recorded.getOrDefault("hazelcast", Map.of())));

    printTable(mine, peerFigures);
    return 0;
  }

  private Map<String, PeerFigure> runOrRecorded(String peer, List<String> command, Map<String, PeerFigure> recorded)
      throws IOException, InterruptedException {
    if (recordedOnly) {
      System.out.println("== " + peer + ": not run (--recorded-only); using RESULTS.md's recorded figures");
      return recorded;
    }
    if (command == null) {
      System.out.println("== " + peer + ": not installed here (see " + peers.resolve("README.md")
          + "); using RESULTS.md's recorded figures, NOT measured now");
      return recorded;
    }
    System.out.println("== " + peer + ", measured now: " + String.join(" ", command));
    Map<String, PeerFigure> now = runPeer(command);
    if (now.isEmpty()) {
      System.out.println("   " + peer + " printed no figures; using RESULTS.md's recorded figures, NOT measured now");
      return recorded;
    }
    return now;
  }

  /** Dask with Debian's python, when it can import distributed; else null. */
  private List<String> daskCommand() throws InterruptedException {
    Path script = peers.resolve("dask_bench.py");
    String python = "/usr/bin/python3";
    if (!Files.exists(script) || !Files.isExecutable(Path.of(python))) {
      return null;
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import distributed, numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? List.of(python, script.toString()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Hazelcast when it has been built (its README's command); else null. */
  private List<String> hazelcastCommand() {
    Path dir = peers.resolve("hazelcast");
    boolean built = Files.exists(dir.resolve("cp.txt")) && Files.isDirectory(dir.resolve("target/classes"));
    return built ? List.of("sh", dir.resolve("run_hz.sh").toString()) : null;
  }

  /** Runs a peer and reads its {@code NAME VALUE UNIT} lines; {@code #} lines and failures are echoed. */
  private static Map<String, PeerFigure> runPeer(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, PeerFigure> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        System.out.println("   | " + line);
        String[] f = line.trim().split("\\s+");
        if (f.length == 3 && !line.startsWith("#")) {
          try {
            out.put(f[0], new PeerFigure(Double.parseDouble(f[1]), f[2], true));
          } catch (NumberFormatException ignored) {
            // a FAILED line or prose: echoed above, not a figure
          }
        }
      }
    }
    p.waitFor();
    return out;
  }

  /** The median column of RESULTS.md's Dask (section 1) and Hazelcast (section 2) tables; variants in parentheses are skipped. */
  static Map<String, Map<String, PeerFigure>> parseResults(List<String> lines) {
    Map<String, Map<String, PeerFigure>> out = new LinkedHashMap<>();
    String section = null;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        String h = line.toLowerCase(Locale.ROOT);
        section = h.contains("dask") ? "dask" : h.contains("hazelcast") ? "hazelcast" : null;
        continue;
      }
      if (section == null || !line.startsWith("|")) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 4) {
        continue;
      }
      String first = cells[1].trim();
      if (first.isEmpty() || first.startsWith("(") || first.startsWith("-") || first.equals("workload")) {
        continue;
      }
      try {
        double v = Double.parseDouble(cells[2].trim().replace(",", ""));
        out.computeIfAbsent(section, s -> new LinkedHashMap<>())
            .put(first.split("\\s+")[0], new PeerFigure(v, cells[3].trim(), false));
      } catch (NumberFormatException ignored) {
        // not a figure row
      }
    }
    return out;
  }

  private static void printTable(List<WorkloadResult> mine, Map<String, Map<String, PeerFigure>> peers) {
    System.out.println();
    System.out.println("miniray beside its peers. 'x faster' is how many times faster miniray is "
        + "(rate ratio, or time ratio inverted); below 1 the peer is faster.");
    String fmt = "%-28s %12s %-8s | %-10s %12s %-9s %-9s %9s%n";
    System.out.printf(fmt, "workload", "miniray", "unit", "peer", "peer", "unit", "source", "x faster");
    System.out.println("-".repeat(110));
    for (WorkloadResult r : mine) {
      String peerName = PAIRS.stream().filter(p -> p.miniray().equals(r.workload().name())).findFirst()
          .map(Pair::peer).orElseThrow();
      String m = r.ok() ? Numbers.format(r.summary().median()) : "FAILED";
      boolean first = true;
      for (Map.Entry<String, Map<String, PeerFigure>> e : peers.entrySet()) {
        PeerFigure f = e.getValue().get(peerName);
        if (f == null) {
          continue;
        }
        String ratio = "";
        if (r.ok() && f.value() > 0) {
          double x = r.workload().higherIsBetter() ? r.summary().median() / f.value() : f.value() / r.summary().median();
          ratio = String.format(Locale.ROOT, "%.2f", x);
        }
        System.out.printf(fmt, first ? r.workload().name() : "", first ? m : "", first ? r.workload().unit() : "",
            e.getKey(), Numbers.format(f.value()), f.unit(), f.measuredNow() ? "measured" : "RECORDED", ratio);
        first = false;
      }
      if (first) {
        System.out.printf(fmt, r.workload().name(), m, r.workload().unit(), "(no peer figure)", "", "", "", "");
      }
    }
    System.out.println();
    System.out.println("Read with care: miniray ran embedded (every node in one JVM: no process boundary, no "
        + "sockets, byte[] handed over by reference), while Dask runs 2 worker processes and Hazelcast 2 JVMs "
        + "over loopback; the ratios compare an in-process runtime with multi-process ones. Dask's wait_1k loops "
        + "on FIRST_COMPLETED, miniray waits for all at once. task_latency is miniray's p50. RECORDED figures are "
        + "RESULTS.md's, measured on another day on a machine of this kind, not in this run.");
  }
}
