package org.miniray.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every workload, in the order {@code make bench} runs them (Ray's order, then ours). */
public final class Workloads {
  private Workloads() {}

  public static List<Workload> all() {
    return List.of(
        new TaskWorkloads.TasksSync(),
        new TaskWorkloads.TasksAsync(),
        new ActorWorkloads.ActorCallsSync(),
        new ActorWorkloads.ActorCallsAsync(),
        new ActorWorkloads.NnActorCallsAsync(),
        new ObjectWorkloads.PutCalls(),
        new ObjectWorkloads.GetCalls(),
        new ObjectWorkloads.PutGigabytes(),
        new ObjectWorkloads.NodeToNodeGigabytes(),
        new ObjectWorkloads.Churn(),
        new TaskWorkloads.Wait1kRefs(),
        new TaskWorkloads.MultiClientTasksAsync(),
        new TaskWorkloads.NestedFanout(),
        new TaskWorkloads.TaskLatency());
  }

  /** The named workloads in suite order; every workload when {@code names} is empty. A wrong name is an error listing the right ones. */
  public static List<Workload> select(List<String> names) {
    List<Workload> all = all();
    if (names.isEmpty()) {
      return all;
    }
    Set<String> wanted = new LinkedHashSet<>(names);
    Set<String> known = all.stream().map(Workload::name).collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> unknown = wanted.stream().filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown workload(s) " + unknown + "; the workloads are " + known);
    }
    List<Workload> out = new ArrayList<>();
    for (Workload w : all) {
      if (wanted.contains(w.name())) {
        out.add(w);
      }
    }
    return out;
  }
}
