package org.miniray.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.scheduler.policy.SchedulingPolicies;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.task.ResourceSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line for the simulator: runs one workload (or all four) under a list of policies
 * and writes a CSV and charts per workload, for example
 * {@code --nodes 1000 --tasks 1000000 --workload parallel --policies com.example.MyPolicy}.
 */
@Command(name = "miniray-sim", mixinStandardHelpOptions = true,
    description = "Simulates a miniray cluster and compares scheduling policies.")
public final class SimMain implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "100", description = "nodes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--tasks", defaultValue = "100000", description = "tasks (default ${DEFAULT-VALUE})")
  int tasks;

  @Option(names = "--workload", defaultValue = "parallel",
      description = "parallel, chains, dag, rl or all (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--policies", required = true, split = ",",
      description = "policies to compare: built-in names or class names of SchedulingPolicy")
  List<String> policies;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", defaultValue = "target/sim", description = "output directory")
  Path out;

  @Option(names = "--cpus-per-node", defaultValue = "4")
  double cpusPerNode;

  @Option(names = "--task-ms", defaultValue = "10", description = "mean task duration")
  double taskMillis;

  @Option(names = "--heartbeat-ms", defaultValue = "100")
  double heartbeatMillis;

  @Option(names = "--latency-us", defaultValue = "100")
  double latencyMicros;

  @Option(names = "--bandwidth-gbps", defaultValue = "10")
  double bandwidthGbps;

  @Option(names = "--queue-threshold", defaultValue = "0",
      description = "tasks a node lets wait before it forwards new ones")
  int queueThreshold;

  @Option(names = "--decision-us", defaultValue = "0",
      description = "global scheduler time per decision")
  double decisionMicros;

  @Option(names = "--submit-us", defaultValue = "1",
      description = "driver time per task submission")
  double submitMicros;

  private final Function<String, SchedulingPolicy> policyByName;

  /** Resolves policy names with {@link #resolvePolicy}. */
  public SimMain() {
    this.policyByName = name -> resolvePolicy(name, seed);
  }

  /** Resolves policy names with {@code policyByName} (called once per run, for a fresh policy). */
  public SimMain(Function<String, SchedulingPolicy> policyByName) {
    this.policyByName = policyByName;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new SimMain()).execute(args));
  }

  @Override
  public Integer call() {
    SimConfig cfg;
    Map<String, Supplier<SchedulingPolicy>> chosen = new LinkedHashMap<>();
    List<Workload> workloads = new ArrayList<>();
    try {
      cfg = new SimConfig(nodes, ResourceSet.of(ResourceSet.CPU, cpusPerNode),
          bandwidthGbps * 1e9 / 8, Math.round(latencyMicros * 1e3),
          Math.round(heartbeatMillis * 1e6), queueThreshold, Math.round(decisionMicros * 1e3),
          Math.round(submitMicros * 1e3), seed);
      for (String name : policies) {
        String p = name.trim();
        policyByName.apply(p); // fail before any run if a name is wrong
        chosen.put(p.substring(p.lastIndexOf('.') + 1), () -> policyByName.apply(p));
      }
      for (String w : workload.equals("all") ? List.of("parallel", "chains", "dag", "rl")
          : List.of(workload)) {
        workloads.add(workload(w, tasks, taskMillis));
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    for (Workload w : workloads) {
      List<SimResult> results = SimReport.compare(cfg, w, chosen);
      for (SimResult r : results) {
        System.out.printf(Locale.ROOT, "%-8s %-24s makespan %10.3f s  p50 %9.2f ms  p99 %9.2f ms"
                + "  moved %,15d B  forwarded %,10d  %,12.0f decisions/s  wall %,9.0f ms%n",
            r.workload(), r.policy(), r.makespanSeconds(), r.p50LatencyMillis(),
            r.p99LatencyMillis(), r.bytesMoved(), r.tasksForwarded(), r.decisionsPerSecond(),
            r.wallMillis());
      }
      SimReport.write(results, out).forEach(f -> System.out.println("wrote " + f));
    }
    return 0;
  }

  /** The workload called {@code name}, of about {@code tasks} tasks. */
  public static Workload workload(String name, int tasks, double meanTaskMillis) {
    return switch (name) {
      case "parallel" -> new EmbarrassinglyParallel(tasks,
          Durations.uniformMillis(meanTaskMillis / 2, meanTaskMillis * 3 / 2));
      case "chains" -> {
        int length = Math.max(1, Math.min(100, tasks));
        yield new Chains(Math.max(1, tasks / length), length,
            Durations.exponentialMillis(meanTaskMillis), 1_000_000);
      }
      case "dag" -> RandomDag.withLargeInputs(tasks, Durations.exponentialMillis(meanTaskMillis));
      case "rl" -> RlJob.ofSize(tasks);
      default -> throw new IllegalArgumentException(
          "unknown workload '" + name + "': use parallel, chains, dag, rl or all");
    };
  }

  /**
   * The policy called {@code name}: a built-in name, else the fully qualified name of a class
   * implementing {@link SchedulingPolicy} with a {@code (long seed)} or no-argument
   * constructor.
   */
  public static SchedulingPolicy resolvePolicy(String name, long seed) {
    try {
      return SchedulingPolicies.selector().create(name,
          MinirayConfig.of(Map.of(Keys.SEED.name(), Long.toString(seed))));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
