package org.miniray.events;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/**
 * Draws a {@link JobGraph} as DOT (for Graphviz), as JSON, or as a self-contained SVG laid out
 * here, so no Graphviz is needed. Everywhere: data edges solid with the object's name, control
 * edges dashed grey, stateful edges bold orange; tasks filled with the color of the node they
 * ran on; failed tasks outlined in red, re-executed ones with a double outline and their run count.
 *
 * <p>The SVG layout is layered, left to right: a task's layer is the length of the longest path
 * of edges that reaches it, so every edge points right; within a layer tasks are ordered by the
 * mean position of their predecessors (one sweep), ties by submission order. It is
 * deterministic: the same graph gives the same picture.
 */
public final class GraphWriter {
  private GraphWriter() {}

  /** Fill colors of the nodes, in the order of {@link JobGraph#nodes()} (ColorBrewer Set3). */
  private static final String[] NODE_COLORS = {"#8dd3c7", "#ffffb3", "#bebada", "#80b1d3", "#fdb462", "#b3de69",
      "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5"};
  private static final String DRIVER_COLOR = "#f0f0f0";
  private static final String NOT_RUN_COLOR = "#ffffff";
  private static final String DATA_COLOR = "#333333";
  private static final String CONTROL_COLOR = "#999999";
  private static final String STATEFUL_COLOR = "#e6550d";
  private static final String FAILED_COLOR = "#d7301f";

  // --- DOT ----------------------------------------------------------------------------------

  public static String dot(JobGraph g) {
    Map<String, String> colors = nodeColors(g);
    StringBuilder b = new StringBuilder();
    b.append("digraph job {\n");
    b.append("  rankdir=LR;\n");
    b.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n");
    b.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (JobGraph.Task t : g.tasks()) {
      String fill = t.isDriver() ? DRIVER_COLOR : t.node() == null ? NOT_RUN_COLOR : colors.get(t.node());
      b.append("  ").append(dotId(t.id())).append(" [label=").append(dotString(label(t, "\n")))
          .append(", fillcolor=\"").append(fill).append('"');
      if (t.isDriver()) {
        b.append(", shape=ellipse");
      }
      if (t.failed()) {
        b.append(", color=\"").append(FAILED_COLOR).append("\", penwidth=3");
      }
      if (t.reExecuted()) {
        b.append(", peripheries=2");
      }
      b.append("];\n");
    }
    for (JobGraph.Edge e : g.edges()) {
      b.append("  ").append(dotId(e.from())).append(" -> ").append(dotId(e.to())).append(" [");
      switch (e.kind()) {
        case DATA -> b.append("label=").append(dotString(objectLabel(e.object()))).append(", color=\"")
            .append(DATA_COLOR).append('"');
        case CONTROL -> b.append("style=dashed, color=\"").append(CONTROL_COLOR).append('"');
        case STATEFUL -> b.append("style=bold, penwidth=2.5, color=\"").append(STATEFUL_COLOR).append('"');
      }
      b.append("];\n");
    }
    b.append("  subgraph cluster_legend {\n");
    b.append("    label=\"edges\"; fontname=\"Helvetica\"; fontsize=10; style=dashed; color=\"#bbbbbb\";\n");
    b.append("    node [shape=point, width=0.05, label=\"\"];\n");
    b.append("    legend_d1 -> legend_d2 [label=\"data (object)\", color=\"").append(DATA_COLOR).append("\"];\n");
    b.append("    legend_c1 -> legend_c2 [label=\"control (submitted)\", style=dashed, color=\"")
        .append(CONTROL_COLOR).append("\"];\n");
    b.append("    legend_s1 -> legend_s2 [label=\"stateful (actor order)\", style=bold, penwidth=2.5, color=\"")
        .append(STATEFUL_COLOR).append("\"];\n");
    b.append("  }\n");
    b.append("}\n");
    return b.toString();
  }

  private static String dotId(TaskId id) {
    return "\"" + id + "\"";
  }

  private static String dotString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  // --- JSON ---------------------------------------------------------------------------------

  public static String json(JobGraph g) {
    JsonWriter w = new JsonWriter().beginObject().name("tasks").beginArray();
    for (JobGraph.Task t : g.tasks()) {
      w.beginObject().field("id", t.id().toString()).field("name", t.name())
          .field("kind", t.isDriver() ? "DRIVER" : t.kind().name())
          .field("actor", t.actor() == null ? null : t.actor().toString()).field("node", t.node())
          .field("runs", t.runs()).name("failed").value(t.failed()).endObject();
    }
    w.endArray().name("edges").beginArray();
    for (JobGraph.Edge e : g.edges()) {
      w.beginObject().field("from", e.from().toString()).field("to", e.to().toString())
          .field("kind", e.kind().name().toLowerCase(Locale.ROOT))
          .field("object", e.object() == null ? null : e.object().toString()).endObject();
    }
    return w.endArray().endObject().toString();
  }

  // --- SVG, laid out here -------------------------------------------------------------------

  private static final int LEGEND_H = 96;

  public static String svg(JobGraph g) {
    GraphLayout layout = new GraphLayout(g);
    int height = layout.height;
    int width = Math.max(600, GraphLayout.MARGIN * 2 + layout.depth * GraphLayout.BOX_W + Math.max(0, layout.depth - 1) * GraphLayout.GAP_X);
    Map<String, String> colors = nodeColors(g);
    int total = height + LEGEND_H;
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(total).append("\" viewBox=\"0 0 ").append(width).append(' ').append(total)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
    b.append("  <defs>\n");
    marker(b, "data", DATA_COLOR);
    marker(b, "control", CONTROL_COLOR);
    marker(b, "stateful", STATEFUL_COLOR);
    b.append("  </defs>\n");
    b.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    // Control edges first, so data and stateful edges are drawn over them.
    for (JobGraph.EdgeKind k : List.of(JobGraph.EdgeKind.CONTROL, JobGraph.EdgeKind.DATA, JobGraph.EdgeKind.STATEFUL)) {
      for (int i = 0; i < g.edges().size(); i++) {
        if (g.edges().get(i).kind() == k) {
          edge(b, g.edges().get(i), layout.route(i));
        }
      }
    }
    for (int v = 0; v < g.tasks().size(); v++) {
      box(b, g.tasks().get(v), layout.corner(v), colors);
    }
    legend(b, height, colors);
    b.append("</svg>\n");
    return b.toString();
  }

  private static void marker(StringBuilder b, String id, String color) {
    b.append("    <marker id=\"arrow-").append(id).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" ")
        .append("markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(color).append("\"/></marker>\n");
  }

  private static void edge(StringBuilder b, JobGraph.Edge e, List<double[]> points) {
    // Control edges leave a little above the middle and stateful ones a little below, so the
    // three kinds between the same pair stay apart.
    double shift = switch (e.kind()) {
      case DATA -> 0;
      case CONTROL -> -6;
      case STATEFUL -> 6;
    };
    String kind = e.kind().name().toLowerCase(Locale.ROOT);
    String style = switch (e.kind()) {
      case DATA -> "stroke=\"" + DATA_COLOR + "\" stroke-width=\"1.4\"";
      case CONTROL -> "stroke=\"" + CONTROL_COLOR + "\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\"";
      case STATEFUL -> "stroke=\"" + STATEFUL_COLOR + "\" stroke-width=\"3\"";
    };
    b.append("  <g class=\"edge ").append(kind).append("\"><title>").append(kind).append(": ")
        .append(e.from()).append(" -&gt; ").append(e.to());
    if (e.object() != null) {
      b.append(" (").append(e.object()).append(')');
    }
    b.append("</title>\n    <path d=\"M").append(fmt(points.get(0)[0])).append(',')
        .append(fmt(points.get(0)[1] + shift));
    for (int i = 1; i < points.size(); i++) {
      double[] p = points.get(i - 1);
      double[] q = points.get(i);
      if (i % 2 == 0) { // across a column, through its placeholder
        b.append(" L").append(fmt(q[0])).append(',').append(fmt(q[1] + shift));
        continue;
      }
      double bend = Math.max(30, (q[0] - p[0]) / 2);
      b.append(" C").append(fmt(p[0] + bend)).append(',').append(fmt(p[1] + shift)).append(' ')
          .append(fmt(q[0] - bend)).append(',').append(fmt(q[1] + shift)).append(' ')
          .append(fmt(q[0])).append(',').append(fmt(q[1] + shift));
    }
    b.append("\" fill=\"none\" ").append(style).append(" marker-end=\"url(#arrow-").append(kind).append(")\"/>\n");
    if (e.object() != null) { // the label sits on the last gap, just before the consumer
      double[] p = points.get(points.size() - 2);
      double[] q = points.get(points.size() - 1);
      b.append("    <text x=\"").append(fmt((p[0] + q[0]) / 2)).append("\" y=\"").append(fmt((p[1] + q[1]) / 2 - 4))
          .append("\" font-size=\"9\" text-anchor=\"middle\" fill=\"").append(DATA_COLOR)
          .append("\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">")
          .append(xml(objectLabel(e.object()))).append("</text>\n");
    }
    b.append("  </g>\n");
  }

  private static void box(StringBuilder b, JobGraph.Task t, int[] p, Map<String, String> colors) {
    String fill = t.isDriver() ? DRIVER_COLOR : t.node() == null ? NOT_RUN_COLOR : colors.get(t.node());
    String stroke = t.failed() ? FAILED_COLOR : "#555555";
    String width = t.failed() ? "3" : "1.2";
    int rx = t.isDriver() ? GraphLayout.BOX_H / 2 : 8;
    b.append("  <g class=\"task\"><title>").append(xml(t.name())).append(' ').append(t.id());
    if (t.node() != null) {
      b.append(" on ").append(xml(t.node()));
    }
    b.append("</title>\n");
    if (t.reExecuted()) {
      b.append("    <rect x=\"").append(p[0] - 4).append("\" y=\"").append(p[1] - 4).append("\" width=\"")
          .append(GraphLayout.BOX_W + 8).append("\" height=\"").append(GraphLayout.BOX_H + 8).append("\" rx=\"").append(rx + 3)
          .append("\" fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"1.2\"/>\n");
    }
    b.append("    <rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(GraphLayout.BOX_W)
        .append("\" height=\"").append(GraphLayout.BOX_H).append("\" rx=\"").append(rx).append("\" fill=\"").append(fill)
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(width).append("\"/>\n");
    String[] lines = label(t, "\n").split("\n");
    int cx = p[0] + GraphLayout.BOX_W / 2;
    b.append("    <text x=\"").append(cx).append("\" y=\"").append(p[1] + 19)
        .append("\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\">")
        .append(xml(clip(lines[0], 27))).append("</text>\n");
    if (lines.length > 1) {
      b.append("    <text x=\"").append(cx).append("\" y=\"").append(p[1] + 35)
          .append("\" font-size=\"9.5\" text-anchor=\"middle\" fill=\"")
          .append(t.failed() ? FAILED_COLOR : "#333333").append("\">").append(xml(clip(lines[1], 36)))
          .append("</text>\n");
    }
    b.append("  </g>\n");
  }

  private static void legend(StringBuilder b, int top, Map<String, String> colors) {
    int y = top + 8;
    b.append("  <g class=\"legend\" font-size=\"11\">\n");
    b.append("    <line x1=\"").append(GraphLayout.MARGIN).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(GraphLayout.MARGIN + 520)
        .append("\" y2=\"").append(y - 4).append("\" stroke=\"#dddddd\"/>\n");
    String[][] kinds = {
        {"data", "solid: an object passed as an argument (labelled)",
            "stroke=\"" + DATA_COLOR + "\" stroke-width=\"1.4\""},
        {"control", "dashed: the task or driver that submitted it",
            "stroke=\"" + CONTROL_COLOR + "\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\""},
        {"stateful", "bold: consecutive calls of one actor", "stroke=\"" + STATEFUL_COLOR + "\" stroke-width=\"3\""}};
    for (int i = 0; i < kinds.length; i++) {
      int ly = y + 14 + i * 18;
      b.append("    <line x1=\"").append(GraphLayout.MARGIN).append("\" y1=\"").append(ly).append("\" x2=\"").append(GraphLayout.MARGIN + 46)
          .append("\" y2=\"").append(ly).append("\" ").append(kinds[i][2]).append(" marker-end=\"url(#arrow-")
          .append(kinds[i][0]).append(")\"/>\n");
      b.append("    <text x=\"").append(GraphLayout.MARGIN + 54).append("\" y=\"").append(ly + 4)
          .append("\"><tspan font-weight=\"bold\">")
          .append(kinds[i][0]).append("</tspan> ").append(xml(kinds[i][1])).append("</text>\n");
    }
    int x = GraphLayout.MARGIN + 420;
    int row = 0;
    b.append("    <text x=\"").append(x).append("\" y=\"").append(y + 8)
        .append("\" font-weight=\"bold\">ran on</text>\n");
    for (Map.Entry<String, String> c : colors.entrySet()) {
      int cy = y + 16 + row * 16;
      int cx = x + (row >= 4 ? 120 : 0);
      if (row >= 4) {
        cy -= 64;
      }
      b.append("    <rect x=\"").append(cx).append("\" y=\"").append(cy)
          .append("\" width=\"14\" height=\"11\" rx=\"2\" fill=\"")
          .append(c.getValue()).append("\" stroke=\"#555555\"/><text x=\"").append(cx + 20).append("\" y=\"")
          .append(cy + 10).append("\">").append(xml(c.getKey())).append("</text>\n");
      row = (row + 1) % 8;
    }
    b.append("    <text x=\"").append(GraphLayout.MARGIN).append("\" y=\"").append(y + 74).append("\" fill=\"#555555\">")
        .append("red outline: failed; double outline: ran more than once; white: not run yet</text>\n");
    b.append("  </g>\n");
  }

  // --- Graphviz, when it is installed ---------------------------------------------------------

  /** The {@code dot} program on the PATH, if Graphviz is installed. */
  public static Optional<File> graphviz() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, "dot");
      if (f.isFile() && f.canExecute()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Graphviz's SVG of {@link #dot(JobGraph)}, or empty when Graphviz is missing, fails, or takes
   * longer than {@code timeout} (dot's layout grows fast with the number of edges: a job of a
   * few hundred tasks can keep it busy for minutes).
   */
  public static Optional<String> svgByGraphviz(JobGraph g, Duration timeout) {
    Optional<File> dot = graphviz();
    if (dot.isEmpty()) {
      return Optional.empty();
    }
    File svg = null;
    Process p = null;
    try {
      svg = File.createTempFile("miniray-graph", ".svg");
      // Output to a file, not a pipe, so waiting for dot can time out (a pipe read would block).
      p = new ProcessBuilder(dot.get().getPath(), "-Tsvg").redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectOutput(svg).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(dot(g).getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(svg.toPath(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      if (svg != null) {
        svg.delete();
      }
    }
  }

  /** {@link #svgByGraphviz(JobGraph, Duration)} with 30 seconds for dot. */
  public static Optional<String> svgByGraphviz(JobGraph g) {
    return svgByGraphviz(g, Duration.ofSeconds(30));
  }

  // --- shared -------------------------------------------------------------------------------

  private static Map<String, String> nodeColors(JobGraph g) {
    Map<String, String> colors = new java.util.LinkedHashMap<>();
    for (String n : g.nodes()) {
      colors.put(n, NODE_COLORS[colors.size() % NODE_COLORS.length]);
    }
    return colors;
  }

  /** Two lines: the name, then the short id, the node and the marks. */
  private static String label(JobGraph.Task t, String newline) {
    if (t.isDriver()) {
      return t.name() + newline + shortId(t.id());
    }
    String name = t.name().substring(t.name().lastIndexOf('$') + 1); // Outer$Inner.method: the inner is enough
    StringBuilder s = new StringBuilder(name).append(newline).append(shortId(t.id()));
    if (t.actor() != null && t.kind() == org.miniray.task.TaskKind.ACTOR_METHOD) {
      s.append(" actor ").append(shortHex(t.actor().creationTask().value()));
    }
    if (t.node() != null) {
      s.append(" @").append(t.node());
    }
    if (t.reExecuted()) {
      s.append(" x").append(t.runs());
    }
    if (t.failed()) {
      s.append(" FAILED");
    }
    return s.toString();
  }

  private static String shortId(TaskId id) {
    return "T" + shortHex(id.value());
  }

  private static String shortHex(long v) {
    return String.format("%04x", v & 0xffff);
  }

  /** {@code O1a2b.r1}: the last four hex digits of the making task, and the return or put index. */
  static String objectLabel(ObjectId o) {
    return "O" + shortHex(o.task().value()) + "." + (o.index() > 0 ? "r" + o.index() : "p" + (-o.index()));
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
