package org.miniray.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYSeries;
import org.miniray.sim.Durations;
import org.miniray.sim.EmbarrassinglyParallel;
import org.miniray.sim.SimConfig;
import org.miniray.sim.SimMain;
import org.miniray.sim.SimResult;
import org.miniray.sim.Simulator;
import org.miniray.sim.TaskGraph;
import org.miniray.sim.Workload;

/**
 * Paper figure 8b: task throughput of an embarrassingly parallel job of short tasks grows almost
 * linearly with the number of nodes. Simulated ({@code org.miniray.sim}, virtual time): the
 * cluster sizes of the paper cannot run on one machine, and the simulator runs the same
 * {@code SchedulingPolicy} objects as the real scheduler.
 *
 * <p>The job gives every CPU the same number of tasks (weak scaling, as the paper's benchmark).
 * Two ways to submit them: from one driver on node 0, as {@code make sim} does (the driver
 * submits one task per microsecond, and every task that does not fit on node 0 goes through the
 * global scheduler), and from a submitter on every node (as the paper's benchmark, where the
 * bottom-up scheduler keeps most tasks local).
 */
final class Fig8bScaling implements Figure {
  private static final double CPUS = 4;
  private static final double TASK_MS_LOW = 0.5;
  private static final double TASK_MS_HIGH = 1.5;
  /** Why the paper's policy and least-loaded coincide in this job (checked by the simulator's CSV, not assumed). */
  static final String SAME_PLACEMENT_WHY = "no task has object inputs, so the paper's estimate is\n"
      + "  queue x task time, which here ranks the nodes as least-loaded does";

  @Override
  public String id() {
    return "fig8b";
  }

  @Override
  public String paperFigure() {
    return "Fig. 8b (Ray OSDI'18): task throughput vs cluster size (simulated)";
  }

  @Override
  public void run(Path out, boolean quick) throws Exception {
    List<Integer> sizes = quick ? List.of(10, 100, 1000) : List.of(10, 20, 50, 100, 200, 500, 1000);
    int tasksPerCpu = quick ? 10 : 50;
    record Line(String policy, boolean perNode) {
      String label() {
        return policy + (perNode ? ", submitted on every node" : ", one driver");
      }
    }
    List<Line> lines = List.of(new Line("paper", true), new Line("random", true), new Line("least-loaded", true),
        new Line("paper", false));
    Csv csv = new Csv("policy", "submission", "nodes", "cpus", "tasks", "makespan_s", "tasks_per_s",
        "p50_latency_ms", "p99_latency_ms", "tasks_forwarded", "sim_wall_ms")
        .note("simulated: org.miniray.sim, virtual time; nodes of " + CPUS + " CPUs, tasks of "
            + TASK_MS_LOW + "-" + TASK_MS_HIGH + " ms (uniform), " + tasksPerCpu + " per CPU; defaults of "
            + "SimConfig (100 us network latency, 100 ms heartbeats, driver 1 us per submission)");
    Chart chart = Chart.lines(paperFigure(), "nodes (log)", "tasks / s of virtual time (log)").logX().logY();
    Map<Line, XYSeries> drawn = new LinkedHashMap<>();
    Map<Line, List<Double>> measured = new LinkedHashMap<>();
    for (Line line : lines) {
      List<Integer> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int nodes : sizes) {
        int tasks = (int) (nodes * CPUS * tasksPerCpu);
        SimConfig cfg = SimConfig.defaults(nodes);
        Durations d = Durations.uniformMillis(TASK_MS_LOW, TASK_MS_HIGH);
        Workload w = line.perNode() ? new SubmitterPerNode(tasks, d) : new EmbarrassinglyParallel(tasks, d);
        TaskGraph graph = w.generate(nodes, new SplittableRandom(cfg.seed()));
        SimResult r = Simulator.run(cfg, w.name(), graph, line.policy(),
            SimMain.resolvePolicy(line.policy(), cfg.seed()));
        double perSecond = r.tasksFinished() / r.makespanSeconds();
        xs.add(nodes);
        ys.add(perSecond);
        csv.row(line.policy(), line.perNode() ? "every-node" : "one-driver", nodes, nodes * CPUS, r.tasksFinished(),
            r.makespanSeconds(), perSecond, r.p50LatencyMillis(), r.p99LatencyMillis(), r.tasksForwarded(),
            r.wallMillis());
        System.out.printf("  fig8b %-40s %5d nodes: %,12.0f tasks/s%n", line.label(), nodes, perSecond);
      }
      drawn.put(line, chart.series(line.label(), xs, ys));
      measured.put(line, ys);
    }
    List<String> notes = new ArrayList<>(List.of("Simulated (org.miniray.sim, virtual time), not measured on a cluster.",
        tasksPerCpu + " tasks of " + TASK_MS_LOW + "-" + TASK_MS_HIGH + " ms per CPU, 4 CPUs per node."));
    // A line drawn exactly over another hides it: say so, and draw the pair so that both show.
    for (int i = 0; i < lines.size(); i++) {
      for (int j = i + 1; j < lines.size(); j++) {
        if (measured.get(lines.get(i)).equals(measured.get(lines.get(j)))) {
          chart.overlaid(drawn.get(lines.get(i)), drawn.get(lines.get(j)));
          notes.add(lines.get(j).label() + " = " + lines.get(i).label() + " at every size");
          notes.add("  (drawn dashed over a wide band): " + SAME_PLACEMENT_WHY);
        }
      }
    }
    chart.notes(notes.toArray(new String[0]));
    chart.save(out.resolve("fig8b.png"));
    csv.write(out.resolve("fig8b.csv"));
  }

  /**
   * The same tasks, submitted by one submitter pinned to each node (a zero-length task the
   * driver starts there), each submitting its share; the submitter's own output counts as a task.
   */
  private record SubmitterPerNode(int tasks, Durations durations) implements Workload {
    @Override
    public String name() {
      return "parallel-per-node";
    }

    @Override
    public TaskGraph generate(int nodes, SplittableRandom random) {
      TaskGraph.Builder b = TaskGraph.builder();
      int[] submitters = new int[nodes];
      for (int n = 0; n < nodes; n++) {
        submitters[n] = b.add(0, 8);
        b.pin(submitters[n], n);
      }
      for (int i = 0; i < tasks - nodes; i++) {
        int t = b.add(durations.nextNanos(random), 8);
        b.submittedBy(t, submitters[i % nodes]);
      }
      return b.build();
    }
  }
}
