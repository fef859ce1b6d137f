package org.miniray.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miniray.id.TaskId;

/**
 * A layered drawing (after Sugiyama): tasks in columns by longest path, an edge that spans
 * several columns passes through a thin placeholder in each column between, so it runs
 * between boxes rather than through them; one sweep orders each column by the mean row of
 * what comes into it.
 */
final class GraphLayout {
  static final int BOX_W = 196;
  static final int BOX_H = 46;
  static final int GAP_X = 70;
  static final int GAP_Y = 22;
  static final int MARGIN = 24;

  private static final int DUMMY_H = 12;

  /** A row of column {@code layer}: a task, or the placeholder of edge {@code edge} passing through. */
  private record Slot(int task, int edge, int layer) {}

  final int depth;
  final int height;
  private final int[] layer;
  private final Map<Slot, Integer> top = new HashMap<>();
  private final List<JobGraph.Edge> edges;
  private final int[] from;
  private final int[] to;

  GraphLayout(JobGraph g) {
    List<JobGraph.Task> tasks = g.tasks();
    edges = g.edges();
    Map<TaskId, Integer> index = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      index.put(tasks.get(i).id(), i);
    }
    int n = tasks.size();
    from = new int[edges.size()];
    to = new int[edges.size()];
    for (int e = 0; e < edges.size(); e++) {
      from[e] = index.get(edges.get(e).from());
      to[e] = index.get(edges.get(e).to());
    }
    layer = layers(n);
    int d = 1;
    for (int l : layer) {
      d = Math.max(d, l + 1);
    }
    depth = n == 0 ? 0 : d;
    List<List<Slot>> columns = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      columns.add(new ArrayList<>());
    }
    for (int v = 0; v < n; v++) {
      columns.get(layer[v]).add(new Slot(v, -1, layer[v]));
    }
    Map<Slot, List<Slot>> incoming = new HashMap<>();
    for (int e = 0; e < edges.size(); e++) {
      if (layer[to[e]] <= layer[from[e]]) {
        continue; // only on a broken cycle: drawn straight
      }
      Slot prev = new Slot(from[e], -1, layer[from[e]]);
      for (int l = layer[from[e]] + 1; l <= layer[to[e]]; l++) {
        Slot here = l == layer[to[e]] ? new Slot(to[e], -1, l) : new Slot(-1, e, l);
        if (here.task() < 0) {
          columns.get(l).add(here);
        }
        incoming.computeIfAbsent(here, s -> new ArrayList<>()).add(prev);
        prev = here;
      }
    }
    Map<Slot, Double> row = new HashMap<>();
    int tallest = 0;
    List<Integer> heights = new ArrayList<>();
    for (List<Slot> column : columns) {
      Map<Slot, Double> key = new HashMap<>();
      for (int i = 0; i < column.size(); i++) {
        Slot s = column.get(i);
        double sum = 0;
        int count = 0;
        for (Slot p : incoming.getOrDefault(s, List.of())) {
          if (row.containsKey(p)) {
            sum += row.get(p);
            count++;
          }
        }
        key.put(s, count == 0 ? i : sum / count);
      }
      List<Slot> sorted = new ArrayList<>(column);
      sorted.sort(Comparator.comparingDouble((Slot s) -> key.get(s))
          .thenComparingInt(s -> s.task() >= 0 ? s.task() : from[s.edge()]));
      int y = 0;
      for (int i = 0; i < sorted.size(); i++) {
        row.put(sorted.get(i), (double) i);
        top.put(sorted.get(i), y);
        y += sorted.get(i).task() >= 0 ? BOX_H + GAP_Y : DUMMY_H;
      }
      column.clear();
      column.addAll(sorted);
      heights.add(y);
      tallest = Math.max(tallest, y);
    }
    for (int l = 0; l < depth; l++) { // center each column
      int shift = MARGIN + (tallest - heights.get(l)) / 2;
      for (Slot s : columns.get(l)) {
        top.put(s, top.get(s) + shift);
      }
    }
    height = MARGIN * 2 + Math.max(BOX_H, tallest);
  }

  /** Longest-path layers; a cycle (impossible from real specs) is entered at its earliest task. */
  private int[] layers(int n) {
    List<List<Integer>> succ = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      succ.add(new ArrayList<>());
    }
    int[] indegree = new int[n];
    for (int e = 0; e < edges.size(); e++) {
      if (from[e] != to[e]) {
        succ.get(from[e]).add(to[e]);
        indegree[to[e]]++;
      }
    }
    int[] out = new int[n];
    boolean[] done = new boolean[n];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (indegree[i] == 0) {
        ready.add(i);
      }
    }
    for (int placed = 0; placed < n; ) {
      if (ready.isEmpty()) {
        for (int i = 0; i < n; i++) {
          if (!done[i]) {
            ready.add(i);
            break;
          }
        }
      }
      int v = ready.poll();
      if (done[v]) {
        continue;
      }
      done[v] = true;
      placed++;
      for (int w : succ.get(v)) {
        out[w] = Math.max(out[w], out[v] + 1);
        if (--indegree[w] == 0 && !done[w]) {
          ready.add(w);
        }
      }
    }
    return out;
  }

  private static int x(int layer) {
    return MARGIN + layer * (BOX_W + GAP_X);
  }

  /** The top-left corner of task {@code v}'s box. */
  int[] corner(int v) {
    return new int[] {x(layer[v]), top.get(new Slot(v, -1, layer[v]))};
  }

  /** Points the edge passes: out of its source, across each column between, into its target. */
  List<double[]> route(int e) {
    List<double[]> points = new ArrayList<>();
    Slot source = new Slot(from[e], -1, layer[from[e]]);
    points.add(new double[] {x(layer[from[e]]) + BOX_W, top.get(source) + BOX_H / 2.0});
    for (int l = layer[from[e]] + 1; l < layer[to[e]]; l++) {
      double y = top.get(new Slot(-1, e, l)) + DUMMY_H / 2.0;
      points.add(new double[] {x(l), y});
      points.add(new double[] {x(l) + BOX_W, y});
    }
    points.add(new double[] {x(layer[to[e]]), top.get(new Slot(to[e], -1, layer[to[e]])) + BOX_H / 2.0});
    return points;
  }
}
