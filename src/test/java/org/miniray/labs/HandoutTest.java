package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.labs.LabRunner.Outcome;

/**
 * {@code make handout} gives students what they need and nothing more: the copy compiles,
 * holds no solution, and every graded test of every lab fails on it while passing on the
 * reference. The handout's classes are compiled with the JDK's compiler and its tests run in
 * this JVM ({@link LabRunner}), which takes well under a minute.
 */
@SolutionOnly
class HandoutTest {
  @TempDir
  static Path work;

  private static Path root;
  private static Path handout;
  private static Path handoutMain;
  private static Path handoutTests;
  private static List<String> labs;

  @BeforeAll
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // javac over the whole copy; slow on a loaded machine
  static void writeAndCompileTheHandout() throws Exception {
    root = Path.of("").toAbsolutePath();
    assumeTrue(Files.isDirectory(root.resolve(".git")) || Files.isRegularFile(root.resolve(".git")),
        "the handout is made from a git checkout");
    handout = work.resolve("handout");
    Handout.write(root, handout);
    labs = labsWithRegions(root.resolve("src/main/java"));
    List<String> libraries = libraries();
    handoutMain = compile(handout.resolve("src/main/java"), work.resolve("main-classes"), libraries);
    List<String> withMain = new ArrayList<>(libraries);
    withMain.add(0, handoutMain.toString());
    handoutTests = compile(handout.resolve("src/test/java"), work.resolve("test-classes"), withMain);
  }

  @Test
  void regionsBecomeTodosThatThrow() {
    String source = """
        class A {
          int f() {
            // BEGIN SOLUTION(lab7)
            // Add "one" to \\ the answer.
            return 41 + 1;
            // END SOLUTION
          }
        }
        """;
    assertThat(Handout.studentCopy(source, "A.java")).isEqualTo("""
        class A {
          int f() {
            // TODO(lab7): Add "one" to \\ the answer.
            throw new UnsupportedOperationException("TODO(lab7): Add \\"one\\" to \\\\ the answer.");
          }
        }
        """);
  }

  @Test
  void regionWithoutACommentGetsTheDefaultHint() {
    String copy = Handout.studentCopy("  // BEGIN SOLUTION(lab3)\n  x();\n  // END SOLUTION\n", "B.java");
    assertThat(copy).isEqualTo("  // TODO(lab3): " + Handout.DEFAULT_HINT + "\n"
        + "  throw new UnsupportedOperationException(\"TODO(lab3): " + Handout.DEFAULT_HINT + "\");\n");
  }

  @Test
  void malformedRegionsAreErrorsThatNameTheLine() {
    assertThatThrownBy(() -> Handout.studentCopy("a\n// BEGIN SOLUTION(lab1)\nb\n", "C.java"))
        .hasMessageContaining("C.java:2").hasMessageContaining("never closed");
    assertThatThrownBy(() -> Handout.studentCopy("// BEGIN SOLUTION(lab1)\n// BEGIN SOLUTION(lab1)\n", "D.java"))
        .hasMessageContaining("D.java:2").hasMessageContaining("inside");
    assertThatThrownBy(() -> Handout.studentCopy("x\n// END SOLUTION\n", "E.java"))
        .hasMessageContaining("E.java:2").hasMessageContaining("without a BEGIN");
  }

  @Test
  void handoutHasTodosAndNoSolutions() throws IOException {
    assertThat(labs).as("labs with solution regions").contains("lab1", "lab2", "lab3", "lab4", "lab5");
    String policy = read(handout.resolve("src/main/java/org/miniray/scheduler/policy/PaperSchedulingPolicy.java"));
    assertThat(policy).contains("// TODO(lab2): ", "throw new UnsupportedOperationException(\"TODO(lab2)")
        .doesNotContain("bestFitsNow", "remoteBytes / bw");
    String sort = read(handout.resolve("src/main/java/org/miniray/examples/ParallelSort.java"));
    assertThat(sort).contains("// TODO(lab1): ").doesNotContain("Ray.task(ParallelSort::merge");
    String lineage = read(handout.resolve("src/main/java/org/miniray/lineage/TaskTableLineageReplayer.java"));
    assertThat(lineage).contains("// TODO(lab3): ").doesNotContain("case SUBMITTED -> spec.ownerNode()");
    String recovery = read(handout.resolve("src/main/java/org/miniray/actor/ActorRecovery.java"));
    assertThat(recovery).contains("// TODO(lab4): ").doesNotContain("c.loadCheckpoint(", "store.saveCheckpoint(");
    String objects = read(handout.resolve("src/main/java/org/miniray/gcs/zookeeper/simple/ZooKeeperSimpleObjectTable.java"));
    assertThat(objects).contains("// TODO(lab5): ").doesNotContain("z.createWithChild(", "known.add(");
    String tasks = read(handout.resolve("src/main/java/org/miniray/gcs/zookeeper/simple/ZooKeeperSimpleTaskTable.java"));
    // The given retry makes a sequential child too: what only updateStatus's solution has is its name and answer.
    assertThat(tasks).contains("// TODO(lab5): ").doesNotContain("status.name() + SEP",
        "CreateMode.PERSISTENT_SEQUENTIAL).thenApply(");
    try (Stream<Path> files = Files.walk(handout)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(read(f)).as("%s still has a solution marker", handout.relativize(f))
            .doesNotContainPattern("(?m)^\\s*// (BEGIN|END) SOLUTION");
      }
    }
    assertThat(handout.resolve("src/test/java/org/miniray/labs/HandoutTest.java")).doesNotExist();
    assertThat(handout.resolve("src/test/java/org/miniray/sim/Lab2LimitsTest.java")).doesNotExist();
    assertThat(handout.resolve("src/test/java/org/miniray/labs/Points.java")).exists();
    assertThat(handout.resolve("target")).doesNotExist();
    assertThat(handout.resolve("labs/staff")).as("the known wrong solutions").doesNotExist();
    assertThat(handout.resolve("labs/autograder")).as("the autograder's scripts").doesNotExist();
    assertThat(handout.resolve("src/test/java/org/miniray/labs/WrongSolutionsTest.java")).doesNotExist();
  }

  @TestFactory
  Stream<DynamicTest> everyGradedTestPassesOnTheReferenceAndFailsOnTheHandout() throws Exception {
    Path referenceMain = location(org.miniray.api.Ray.class);
    Path referenceTests = location(HandoutTest.class);
    return labs.stream().flatMap(lab -> Stream.of(
        DynamicTest.dynamicTest(lab + " passes on the reference", () -> {
          List<Outcome> outcomes = LabRunner.run(referenceMain, referenceTests, lab);
          assertThat(outcomes).as("graded tests of %s found", lab).isNotEmpty();
          assertThat(outcomes.stream().filter(o -> !o.passed()).toList())
              .as("graded tests of %s failing on the reference", lab).isEmpty();
        }),
        DynamicTest.dynamicTest(lab + " fails on the handout", () -> {
          List<Outcome> outcomes = LabRunner.run(handoutMain, handoutTests, lab);
          assertThat(outcomes).as("graded tests of %s found in the handout", lab).isNotEmpty();
          assertThat(outcomes.stream().filter(Outcome::passed).toList())
              .as("graded tests of %s that pass on the handout: they give points for nothing", lab).isEmpty();
          assertThat(outcomes).as("failures on the handout caused by its TODO(%s)", lab)
              .anyMatch(o -> o.why().contains("TODO(" + lab + ")"));
        })));
  }

  private static List<String> labsWithRegions(Path sources) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          Matcher m = Handout.BEGIN.matcher(line);
          if (m.matches()) {
            found.add(m.group(2));
          }
        }
      }
    }
    return List.copyOf(found);
  }

  private static List<String> libraries() throws URISyntaxException {
    return Javac.libraries();
  }

  private static Path compile(Path sources, Path out, List<String> classpath) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(sources)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    Javac.compile("the handout's " + sources.getFileName(), files, out, classpath);
    Path resources = sources.getParent().resolve("resources");
    if (Files.isDirectory(resources)) {
      try (Stream<Path> s = Files.walk(resources)) {
        for (Path r : s.filter(Files::isRegularFile).toList()) {
          Path dst = out.resolve(resources.relativize(r).toString());
          Files.createDirectories(dst.getParent());
          Files.copy(r, dst);
        }
      }
    }
    return out;
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return LabRunner.location(c);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
