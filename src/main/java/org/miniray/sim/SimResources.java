package org.miniray.sim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.miniray.task.ResourceSet;

/**
 * Every simulated node's resources, as fixed-point amounts (as {@link ResourceSet}
 * keeps them, so they add exactly) in flat arrays indexed {@code [node * resourceCount + resource]}:
 * what each node has free, and what is promised to tasks placed on it but not yet started. Each
 * distinct demand of the graph is converted once.
 */
final class SimResources {
  private static final long FIXED_POINT = 10_000;

  private final String[] names;
  private final int count;
  private final long[] nodeTotal;
  private final long[] available;
  private final long[] promised;
  private final Map<ResourceSet, long[]> demandUnits = new IdentityHashMap<>();

  SimResources(ResourceSet perNode, int nodeCount, TaskGraph graph) {
    TreeSet<String> all = new TreeSet<>(perNode.asMap().keySet());
    for (int t = 0; t < graph.size(); t++) {
      ResourceSet d = graph.demand(t);
      if (!demandUnits.containsKey(d)) {
        demandUnits.put(d, null);
        all.addAll(d.asMap().keySet());
      }
    }
    names = all.toArray(new String[0]);
    count = names.length;
    for (ResourceSet d : new ArrayList<>(demandUnits.keySet())) {
      demandUnits.put(d, units(d));
    }
    nodeTotal = units(perNode);
    available = new long[nodeCount * count];
    promised = new long[nodeCount * count];
    for (int n = 0; n < nodeCount; n++) {
      System.arraycopy(nodeTotal, 0, available, n * count, count);
    }
  }

  /** A demand of the graph, converted. */
  long[] demand(ResourceSet set) {
    return demandUnits.get(set);
  }

  /** Whether an idle node could ever run {@code need}. */
  boolean fitsAnyNode(long[] need) {
    return fitsIn(nodeTotal, 0, need);
  }

  /** Whether node {@code n} could start {@code need} now on top of every task already placed there. */
  boolean freeForOneMore(int n, long[] need) {
    int base = n * count;
    for (int r = 0; r < count; r++) {
      if (available[base + r] - promised[base + r] < need[r]) {
        return false;
      }
    }
    return true;
  }

  /** Whether node {@code n} has {@code need} free now. */
  boolean canStart(int n, long[] need) {
    return fitsIn(available, n * count, need);
  }

  /** A task was placed on node {@code n}: its demand is promised there. */
  void promise(int n, long[] need) {
    int base = n * count;
    for (int r = 0; r < count; r++) {
      promised[base + r] += need[r];
    }
  }

  /** A placed task starts on node {@code n}: its promise becomes use. */
  void start(int n, long[] need) {
    int base = n * count;
    for (int r = 0; r < count; r++) {
      available[base + r] -= need[r];
      promised[base + r] -= need[r];
    }
  }

  /** A task on node {@code n} finished: its resources are free again. */
  void release(int n, long[] need) {
    int base = n * count;
    for (int r = 0; r < count; r++) {
      available[base + r] += need[r];
    }
  }

  /** What node {@code n} has free, by resource name, as a node reports it. */
  Map<String, Double> free(int n) {
    Map<String, Double> free = new LinkedHashMap<>();
    int base = n * count;
    for (int r = 0; r < count; r++) {
      free.put(names[r], Math.max(0, available[base + r]) / (double) FIXED_POINT);
    }
    return free;
  }

  private boolean fitsIn(long[] have, int base, long[] need) {
    for (int r = 0; r < count; r++) {
      if (have[base + r] < need[r]) {
        return false;
      }
    }
    return true;
  }

  private long[] units(ResourceSet set) {
    long[] u = new long[count];
    for (int r = 0; r < count; r++) {
      u[r] = Math.round(set.get(names[r]) * FIXED_POINT);
    }
    return u;
  }
}
