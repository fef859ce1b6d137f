package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.labs.GradeReport.Result;
import org.miniray.labs.LabRunner.Outcome;

/**
 * Every known wrong solution in {@code labs/staff/wrong/labN/} scores below full marks, and the
 * reference scores full marks on the same graders.
 *
 * <p>A wrong solution is a patch of the reference: a few lines of text saying what is wrong,
 * one {@code Fails: <graded test class>} line per grader class that must take points off, then
 * a unified diff ({@code git diff}) of the lab's files. {@link WrongSolution#compile} patches
 * and compiles the files the diff touches, and the test runs the named graders with the
 * patched classes first ({@link LabRunner}), hidden
 * graders included, as the staff's {@code make grade LAB=N HIDDEN=1} does. Only the named
 * classes run, which keeps this to seconds per lab; their points come from
 * {@link GradeRecorder}, as in {@code make grade}.
 */
@SolutionOnly
class WrongSolutionsTest {

  @TempDir
  Path work;

  @TestFactory
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // the lab 1 and lab 5 graders start clusters and ZooKeeper
  Stream<DynamicTest> everyKnownWrongSolutionScoresBelowFullMarks() throws IOException {
    assumeTrue(Files.isDirectory(WrongSolution.DIRECTORY), "the staff copy, with " + WrongSolution.DIRECTORY);
    Map<String, List<Path>> byLab = new TreeMap<>();
    try (Stream<Path> files = Files.walk(WrongSolution.DIRECTORY)) {
      files.filter(p -> p.toString().endsWith(".patch"))
          .forEach(p -> byLab.computeIfAbsent(p.getParent().getFileName().toString(), k -> new ArrayList<>()).add(p));
    }
    assertThat(byLab.keySet()).as("labs with known wrong solutions").contains("lab1", "lab2", "lab3", "lab4", "lab5");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, List<Path>> lab : byLab.entrySet()) {
      Set<String> graders = new LinkedHashSet<>();
      for (Path patch : lab.getValue().stream().sorted().toList()) {
        WrongSolution w = WrongSolution.read(patch);
        graders.addAll(w.graders());
        tests.add(DynamicTest.dynamicTest(lab.getKey() + ": " + w.name() + " scores below full marks",
            () -> {
              Score score = grade(lab.getKey(), w.graders(), w.compile(work));
              System.out.printf("%s %s: %d/%d; failed: %s%n", lab.getKey(), w.name(), score.earned(), score.possible(),
                  score.failed());
              assertThat(score.earned()).as("%s's points of %d on %s (what is wrong: %s)", w.name(), score.possible(),
                  w.graders(), w.why()).isLessThan(score.possible());
              assertThat(score.classesThatTookPoints()).as("grader classes that took points off %s", w.name())
                  .containsExactlyInAnyOrderElementsOf(w.graders());
            }));
      }
      tests.add(DynamicTest.dynamicTest(lab.getKey() + ": the reference scores full marks on the same graders", () -> {
        Score score = grade(lab.getKey(), List.copyOf(graders), List.of());
        assertThat(score.failed()).as("graders the reference fails").isEmpty();
        assertThat(score.earned()).as("the reference's points on %s", graders).isEqualTo(score.possible());
      }));
    }
    return tests.stream();
  }

  /** Points earned and possible, and the graded tests that failed. */
  record Score(int earned, int possible, List<String> failed, Set<String> classesThatTookPoints) {}

  /** The score on the graders {@code classes} of {@code lab}, with {@code overlay} before the reference. */
  private Score grade(String lab, List<String> classes, List<Path> overlay) throws Exception {
    Path tsv = Files.createTempFile(work, lab, ".tsv");
    List<Path> classpath = new ArrayList<>(overlay);
    classpath.add(LabRunner.location(org.miniray.api.Ray.class));
    classpath.add(LabRunner.location(WrongSolutionsTest.class));
    List<Outcome> outcomes = LabRunner.run(classpath, classes, lab, Map.of(GradeRecorder.FILE_PROPERTY, tsv.toString()));
    List<Result> results = GradeReport.parse(Files.readAllLines(tsv, StandardCharsets.UTF_8), lab);
    assertThat(results).as("graded tests of %s in %s (outcomes: %s)", lab, classes, outcomes).isNotEmpty();
    int earned = results.stream().filter(Result::passed).mapToInt(Result::points).sum();
    int possible = results.stream().mapToInt(Result::points).sum();
    List<Result> failed = results.stream().filter(r -> !r.passed()).toList();
    return new Score(earned, possible, failed.stream().map(Result::name).toList(),
        failed.stream().map(Result::testClass).collect(java.util.stream.Collectors.toSet()));
  }
}
