package org.miniray.scheduler.policy;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.ResourceSet;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random clusters and tasks for property tests, and small hand-made ones for example tests.
 * Amounts are whole or quarter units for CPU, GPU and memory and thousandths for the custom
 * resources, so fractional demands are exercised; each resource is often absent, so many
 * generated tasks fit on only some nodes, or on none.
 */
final class Clusters {
  private Clusters() {}

  static final List<String> CUSTOM = List.of("accel", "license");

  /**
   * The seed of every property test here: fixed, so a failure repeats on every run, and
   * changed with {@code -DQT_SEED=<n>} to explore other clusters.
   */
  static final long SEED = Long.getLong("QT_SEED", 20180422L);

  /**
   * QuickTheories with {@link #SEED}. Shrinking is capped: a policy that throws on every call
   * (lab 2's handout) would otherwise shrink for minutes before the test fails.
   */
  static QuickTheory theory() {
    return QuickTheory.qt().withFixedSeed(SEED).withShrinkCycles(200);
  }

  /** A task and the live nodes it is placed among. */
  record Scenario(TaskRequest task, List<NodeView> nodes) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("task demand=" + task.demand() + " inputBytes=" + task.inputBytes());
      for (NodeView n : nodes) {
        b.append("\n  ").append(n.id()).append(" total=").append(n.total()).append(" available=")
            .append(n.available()).append(" queue=").append(n.queueLength()).append(" avgMs=")
            .append(n.avgTaskMillis()).append(" bw=").append(n.bandwidthBytesPerMs())
            .append(" local=").append(n.localInputBytes());
      }
      return b.toString();
    }
  }

  /** An amount that is zero (absent) about {@code absentIn10} times in ten. */
  private static Gen<Double> amount(int absentIn10, int maxSteps, double step) {
    return Generate.frequency(
        Pair.of(absentIn10, Generate.constant(0.0)),
        Pair.of(10 - absentIn10, integers().between(1, maxSteps).map(k -> k * step)));
  }

  /** Resources with CPU, GPU, memory (GB) and two custom fractional resources. */
  private static Gen<ResourceSet> resources(int absentIn10, int scale) {
    Gen<Double> cpu = amount(absentIn10 / 2, 16 * scale, 0.25);
    Gen<Double> gpu = amount(absentIn10, 4 * scale, 0.25);
    Gen<Double> mem = amount(absentIn10, 64 * scale, 1.0);
    Gen<Double> accel = amount(absentIn10 + 1, 1000 * scale, 0.001);
    Gen<Double> license = amount(absentIn10 + 1, 2000 * scale, 0.001);
    return cpu.zip(gpu, mem, accel, license, (c, g, m, a, l) -> {
      Map<String, Double> amounts = new LinkedHashMap<>();
      amounts.put(ResourceSet.CPU, c);
      amounts.put(ResourceSet.GPU, g);
      amounts.put(ResourceSet.MEMORY, m);
      amounts.put(CUSTOM.get(0), a);
      amounts.put(CUSTOM.get(1), l);
      return ResourceSet.of(amounts);
    });
  }

  static Gen<ResourceSet> totals() {
    return resources(4, 2);
  }

  static Gen<ResourceSet> demands() {
    return resources(6, 1);
  }

  private record Load(int queue, double avgMs, double bandwidth, long localBytes) {}

  private static Gen<Load> loads() {
    Gen<Double> bandwidth = Generate.frequency(
        Pair.of(1, Generate.constant(0.0)), // not yet measured
        Pair.of(4, doubles().between(1, 1_000_000)));
    return integers().between(0, 50).zip(doubles().between(0, 500), bandwidth,
        longs().between(0, 1L << 30), Load::new);
  }

  private record Node(ResourceSet total, ResourceSet available, Load load) {}

  static Gen<List<NodeView>> clusters(int minNodes, int maxNodes) {
    // "available" is drawn on its own: views are stale, and a policy must not rely on
    // available <= total.
    Gen<Node> node = totals().zip(totals(), loads(), Node::new);
    return lists().of(node).ofSizeBetween(minNodes, maxNodes).map(ns -> {
      List<NodeView> views = new ArrayList<>(ns.size());
      for (int i = 0; i < ns.size(); i++) {
        Node n = ns.get(i);
        views.add(new NodeView(new NodeId("node-" + i), n.total(), n.available(), n.load().queue(),
            n.load().avgMs(), n.load().bandwidth(), n.load().localBytes()));
      }
      return views;
    });
  }

  static Gen<TaskRequest> tasks() {
    return longs().all().zip(demands(), longs().between(0, 1L << 30),
        (id, demand, bytes) -> new TaskRequest(new TaskId(id), demand, bytes));
  }

  /** A task among 1 to 20 nodes. */
  static Gen<Scenario> scenarios() {
    return tasks().zip(clusters(1, 20), Scenario::new);
  }

  // --- Hand-made views for example tests ------------------------------------------------

  /** A node with {@code resources} all free now. */
  static NodeView node(String id, String resources, int queue, double avgMs, double bandwidth, long localBytes) {
    ResourceSet r = ResourceSet.parse(resources);
    return new NodeView(new NodeId(id), r, r, queue, avgMs, bandwidth, localBytes);
  }

  static NodeView node(String id, String resources, int queue) {
    return node(id, resources, queue, 10, 1_000, 0);
  }

  static TaskRequest task(String demand, long inputBytes) {
    return new TaskRequest(new TaskId(1), ResourceSet.parse(demand), inputBytes);
  }

  static NodeId id(String name) {
    return new NodeId(name);
  }
}
