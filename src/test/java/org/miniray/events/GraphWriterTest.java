package org.miniray.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.Ray;
import org.w3c.dom.Document;

/**
 * The computation graph of a small job (paper section 3.2): every task once, with its data,
 * control and stateful edges, in DOT, JSON and SVG.
 */
class GraphWriterTest {
  private static Map<String, Object> graph;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() {
    Ray.init(SmallJob.config());
    SmallJob.run();
    // The last events (a task's end) may be recorded just after the driver saw its result.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      graph = (Map<String, Object>) Json.parse(Ray.graph("json"));
      return tasks().stream().filter(t -> !"DRIVER".equals(t.get("kind"))).allMatch(t -> t.get("node") != null);
    });
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasks() {
    return (List<Map<String, Object>>) graph.get("tasks");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> edges() {
    return (List<Map<String, Object>>) graph.get("edges");
  }

  /** Task name by id; the driver is "driver". */
  private static Map<Object, String> names() {
    Map<Object, String> n = new HashMap<>();
    for (Map<String, Object> t : tasks()) {
      n.put(t.get("id"), (String) t.get("name"));
    }
    return n;
  }

  /** Edges of one kind as "from->to" by task name. */
  private static List<String> edges(String kind) {
    Map<Object, String> n = names();
    List<String> out = new ArrayList<>();
    for (Map<String, Object> e : edges()) {
      if (kind.equals(e.get("kind"))) {
        out.add(n.get(e.get("from")) + "->" + n.get(e.get("to")));
      }
    }
    return out;
  }

  private static Map<String, Object> task(String name) {
    return tasks().stream().filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow();
  }

  @Test
  void everyTaskAppearsOnce() {
    List<String> expected = new ArrayList<>(SmallJob.NORMAL);
    expected.addAll(SmallJob.METHODS);
    expected.add("acc");
    expected.add("driver");
    assertThat(tasks()).extracting(t -> (String) t.get("name")).as("the vertices of the graph")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void dataEdgesFollowObjectsPassedAsArguments() {
    assertThat(edges("data")).as("data edges (object passed as an argument)")
        .containsExactlyInAnyOrder("a->c", "b->c", "c->m1", "c->f", "f->g", "m3->g");
    assertThat(edges()).filteredOn(e -> "data".equals(e.get("kind"))).allMatch(e -> e.get("object") != null);
  }

  @Test
  void controlEdgesFollowWhoSubmittedWhom() {
    List<String> expected = new ArrayList<>();
    for (String t : List.of("a", "b", "c", "p", "acc", "m1", "m2", "m3", "f", "g")) {
      expected.add("driver->" + t);
    }
    expected.add("p->p1");
    expected.add("p->p2");
    assertThat(edges("control")).as("control edges (parent submitted child)")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void statefulEdgesChainTheActorsCallsInOrder() {
    assertThat(edges("stateful")).as("stateful edges (consecutive calls of one actor)")
        .containsExactly("acc->m1", "m1->m2", "m2->m3");
  }

  @Test
  void failedTasksAreMarkedAndTasksKnowTheirNode() {
    assertThat(task("f").get("failed")).as("f threw").isEqualTo(true);
    assertThat(task("g").get("failed")).as("g's input failed").isEqualTo(true);
    assertThat(task("c").get("failed")).isEqualTo(false);
    assertThat(task("c").get("runs")).isEqualTo(1.0);
    assertThat(tasks()).filteredOn(t -> !"DRIVER".equals(t.get("kind"))).extracting(t -> t.get("node"))
        .as("nodes tasks ran on (where the scheduler put each depends on timing)").isSubsetOf("node-0", "node-1");
  }

  @Test
  void dotIsAWellFormedDigraph() {
    String dot = Ray.graph("dot");
    assertThat(dot).startsWith("digraph job {").endsWith("}\n");
    int depth = 0;
    for (char c : dot.toCharArray()) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      assertThat(depth).as("brace depth").isNotNegative();
    }
    assertThat(depth).as("unbalanced braces").isZero();
    Pattern statement = Pattern.compile(
        "\\s*(\"[^\"]*\"|\\w+)(\\s*->\\s*(\"[^\"]*\"|\\w+))?\\s*\\[(\\w+=(\"([^\"\\\\]|\\\\.)*\"|[\\w.]+)(, )?)+\\];"
            + "|\\s*\\w+=(\"[^\"]*\"|\\w+);(\\s*\\w+=(\"[^\"]*\"|\\w+);)*"
            + "|\\s*(digraph \\w+|subgraph \\w+) \\{|\\s*\\}");
    for (String line : dot.split("\n")) {
      assertThat(statement.matcher(line).matches()).as("a DOT statement: %s", line).isTrue();
    }
    assertThat(dot.lines().filter(l -> l.contains(" -> ") && !l.contains("legend_")).count())
        .as("edge statements").isEqualTo(edges().size());
  }

  @Test
  void svgIsWellFormedXmlWithEveryTaskAndALegend() throws Exception {
    String svg = Ray.graph("svg");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    int boxes = 0;
    var groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      String cls = groups.item(i).getAttributes().getNamedItem("class").getNodeValue();
      boxes += cls.equals("task") ? 1 : 0;
    }
    assertThat(boxes).as("task boxes in the SVG").isEqualTo(tasks().size());
    assertThat(svg).contains("data", "control", "stateful");
  }

  @Test
  void graphvizRendersTheDotWhenInstalled() {
    JobGraph g = JobGraph.of(List.of(), null);
    assertThat(GraphWriter.svgByGraphviz(g).isPresent()).isEqualTo(GraphWriter.graphviz().isPresent());
  }
}
