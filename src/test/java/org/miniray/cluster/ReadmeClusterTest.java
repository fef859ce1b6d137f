package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "A cluster of processes", step by step as a user types it, with {@code bin/miniray}
 * and {@code java} in separate processes on the default GCS: a head, a node, the Demo as a driver,
 * the README's own {@code Hello} (its source read from the README) with shipped code, then {@code
 * status}, {@code jobs}, {@code timeline}, {@code graph} and {@code stop}. Two changes from the text, so that
 * the test can run beside other clusters on one machine: a state directory of its own ({@code
 * --home}, and the driver given its token file) and ports the system picks ({@code --port 0
 * --dashboard-port 0}).
 */
class ReadmeClusterTest {
  private static final Path REPO = Path.of("").toAbsolutePath();

  @TempDir
  Path home;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theReadmesClusterStepsRunAsWrittenAndTheDemoSpreadsOverBothNodes() throws Exception {
    String classpath = classpath();
    assertThat(miniray("start", "--head", "--num-cpus", "2", "--port", "0", "--dashboard-port", "0"))
        .contains("Started the head at").contains("policy paper").contains("GCS zookeeper")
        .contains("Logs:          " + home.resolve("logs"));
    String head = Files.readString(home.resolve("head.address")).trim();
    try {
      assertThat(miniray("start", "--address", head, "--num-cpus", "2")).contains("Started a node at");

      String demo = run(List.of(java(), "-Dminiray.address=" + head, "-Dminiray.cluster.token.file=" + token(), "-cp",
          classpath, "org.miniray.examples.Demo"));
      assertThat(demo).contains("sorted: true (same as Arrays.sort: true)").contains("loss falling: true");

      Path hello = home.resolve("hello");
      Files.createDirectories(hello);
      Files.writeString(hello.resolve("Hello.java"), readmeHello());
      run(List.of(javac(), "-cp", REPO.resolve("target/classes").toString(), "-d", hello.toString(),
          hello.resolve("Hello.java").toString()));
      String hi = run(List.of(java(), "-Dminiray.address=" + head, "-Dminiray.cluster.token.file=" + token(), "-cp",
          classpath + File.pathSeparator + hello, "Hello"));
      assertThat(hi.lines().filter(l -> !l.contains(" INFO ") && !l.contains(" DEBUG ")).toList())
          .as("what Hello prints").contains("10");

      String status = miniray("status");
      assertThat(status).contains("head@").contains("node@").contains("alive").contains("2 drivers (one per job)")
          .contains("Scheduling: policy paper, GCS zookeeper (a ZooKeeper server inside the head); logs: "
              + home.resolve("logs") + " on 127.0.0.1").contains("Jobs: 2, 0 running");
      assertThat(status.lines().filter(l -> l.startsWith("driver@")).toList())
          .as("the two drivers that ended (the Demo and Hello), each shown as ended, not dead: %s", status)
          .hasSize(2).allMatch(l -> l.contains(" ended "));

      String jobs = miniray("jobs");
      System.out.println("miniray jobs printed:\n" + jobs);
      List<String> rows = jobs.lines().filter(l -> l.matches("0[12]000000 .*")).toList();
      assertThat(rows).as("the two jobs, numbered in order as Ray shows them: %s", jobs).hasSize(2);
      assertThat(rows.get(0)).startsWith("01000000  FINISHED").contains("org.miniray.examples.Demo");
      assertThat(rows.get(1)).startsWith("02000000  FINISHED").endsWith(" Hello").contains("finished");

      Path trace = home.resolve("trace.json");
      miniray("timeline", "-o", trace.toString());
      Map<String, Long> sortsByNode = tasksByNode(trace, "sortPiece");
      System.out.println("the demo's sort tasks ran on: " + sortsByNode);
      assertThat(sortsByNode.keySet()).as("the nodes the demo's sort tasks (its warm-up's and its own) ran on, with how many each: %s",
          sortsByNode).anyMatch(n -> n.startsWith("head@")).anyMatch(n -> n.startsWith("node@"));

      Path graph = home.resolve("graph.svg");
      miniray("graph", "-o", graph.toString());
      assertThat(Files.readString(graph)).contains("<svg").contains("Hello.square");
      assertThat(miniray("graph", "--job", "01000000", "-o", graph.toString())).contains("graph of job 01000000");
      assertThat(Files.readString(graph)).as("the Demo's graph").contains("sortPiece").doesNotContain("Hello.square");
    } finally {
      assertThat(miniray("stop")).contains("Stopped 2 processes");
    }
  }

  /** The Hello program at the top of README.md, exactly as printed there. */
  private static String readmeHello() throws IOException {
    Matcher m = Pattern.compile("```java\n(import org\\.miniray\\.api\\.\\*;\n+public class Hello .*?)```",
        Pattern.DOTALL).matcher(Files.readString(REPO.resolve("README.md")));
    assertThat(m.find()).as("README.md shows the Hello program").isTrue();
    return m.group(1);
  }

  /** Task runs named {@code name} in a Chrome trace, counted by the process (node) that ran them. */
  private static Map<String, Long> tasksByNode(Path trace, String name) throws IOException {
    JsonNode root = new ObjectMapper().readTree(trace.toFile());
    JsonNode events = root.isArray() ? root : root.get("traceEvents");
    Map<Integer, String> processes = new HashMap<>();
    List<Integer> runs = new ArrayList<>();
    for (JsonNode e : events) {
      if ("process_name".equals(e.path("name").asText())) {
        processes.put(e.get("pid").asInt(), e.get("args").get("name").asText());
      } else if ("X".equals(e.path("ph").asText()) && e.path("name").asText().contains(name)) {
        runs.add(e.get("pid").asInt());
      }
    }
    return runs.stream().collect(Collectors.groupingBy(p -> processes.getOrDefault(p, "?" + p),
        Collectors.counting()));
  }

  private Path token() {
    return home.resolve("cluster.token");
  }

  private String miniray(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/miniray").toString(), "--home", home.toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs a command to its end (at most two minutes); its output, which must have ended with 0. */
  private String run(List<String> cmd) throws Exception {
    Path out = Files.createTempFile(home, "out", ".txt");
    Process p = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    boolean ended = p.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String text = Files.readString(out);
    assertThat(ended).as("%s ended within two minutes; it printed:%n%s", cmd, text).isTrue();
    assertThat(p.exitValue()).as("exit code of %s; it printed:%n%s", cmd, text).isZero();
    return text;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String javac() {
    return Path.of(System.getProperty("java.home"), "bin", "javac").toString();
  }

  private static String classpath() throws IOException {
    return BuiltClasspath.of(REPO);
  }
}
