package org.miniray.bench;

import com.google.common.base.Ticker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.miniray.config.Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench}: runs Ray's microbenchmark workloads on miniray, prints a table with the
 * issue's goals and Ray's figures, and writes {@code <out>/<timestamp>-<mode>.json} and
 * {@code <out>/latest-<mode>.json}. Exit code 0 when every workload ran (goals missed or not:
 * a benchmark measures), 1 when one failed, 2 for a usage error or a mode that cannot run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Ray's microbenchmarks on miniray (workloads named as in `ray microbenchmark`).")
public final class BenchMain implements Callable<Integer> {

  @Option(names = "--mode", defaultValue = "embedded",
      description = "embedded (all nodes in this JVM) or cluster (a head and a node process; this JVM is the driver). Default: ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--quick", description = "few rounds and smaller sizes, for development")
  boolean quick;

  @Option(names = "--tiny", hidden = true, description = "the harness's own test: a handful of operations each")
  boolean tiny;

  @Option(names = "--only", split = ",", paramLabel = "NAME",
      description = "run only these workloads (comma-separated), e.g. single_client_tasks_sync,task_latency")
  List<String> only = new ArrayList<>();

  @Option(names = "--out", defaultValue = "target/bench", description = "where the JSON goes. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--gcs", paramLabel = "GCS",
      description = "the GCS: in cluster mode the head's `miniray start --gcs` (zookeeper, the default there, or memory);"
          + " in embedded mode miniray.gcs (memory, the default there, or zookeeper)")
  String gcs;

  @Option(names = "--tls", description = "cluster mode: every connection over TLS (miniray start --head --tls), to "
      + "measure its cost against a run without")
  boolean tls;

  @Option(names = "--cpu", description = "also record, for each timed round, the CPU time each process spent in it "
      + "(cpu_ms_driver, and in cluster mode cpu_ms_head, cpu_ms_node1): what a setting costs when rates scatter")
  boolean cpu;

  @Option(names = "--list", description = "list the workloads and exit")
  boolean list;

  private final PrintStream stdout;
  private final boolean terminal;

  public BenchMain() {
    this(System.out, System.console() != null);
  }

  BenchMain(PrintStream stdout, boolean terminal) {
    this.stdout = stdout;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    System.exit(run(new BenchMain(), args));
  }

  static int run(BenchMain main, String... args) {
    return new CommandLine(main).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (list) {
      Workloads.all().forEach(w -> stdout.println(w.name() + "  (" + w.unit() + ")"));
      return 0;
    }
    BenchMode m;
    List<Workload> workloads;
    try {
      m = BenchMode.parse(mode);
      m.checkAvailable();
      if (tls && m != BenchMode.CLUSTER) {
        throw new IllegalArgumentException("--tls encrypts the connections between processes: it needs --mode cluster");
      }
      workloads = Workloads.select(only);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    Sizes sizes = tiny ? Sizes.TINY : quick ? Sizes.QUICK : Sizes.FULL;
    ZonedDateTime started = ZonedDateTime.now();
    Map<String, String> config = new HashMap<>();
    if (gcs != null) {
      config.put(Keys.GCS.name(), gcs);
    }
    if (tls) {
      config.put(ClusterBenchCluster.TLS, "true");
    }
    BenchRunner runner = new BenchRunner(m, sizes, Ticker.systemTicker(), new Progress(stdout, terminal), config,
        cpu);
    List<WorkloadResult> results = runner.run(workloads);
    BenchReport report = new BenchReport(m, sizes, started, results);
    report.printTable(stdout);
    Path file = report.writeJson(out);
    stdout.println("results: " + file + " (and " + out.resolve("latest-" + m.label() + ".json") + ")");
    return results.stream().allMatch(WorkloadResult::ok) ? 0 : 1;
  }
}
