package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.labs.LabRunner.Outcome;

/**
 * Issue 18's promise for the labs with a deterministic mode (3 and 4): replaying a failing
 * grader's seed in deterministic mode gives the same failure. A known wrong solution is graded
 * twice with one seed by its lab's deterministic graders, each time in a fresh class loader as
 * {@code make grade SEED=...} would run it; both runs fail with the same message and keep the
 * same run (events, timeline, graph, seed), and the reference passes with that seed. Among the
 * failing graders is the one on an unreliable network, whose seed also draws every delay, drop
 * and back-off. Lab 3's is
 * {@code reruns-while-the-node-lives} (it re-runs a task without asking whether its node still
 * lives), lab 4's {@code snapshot-taken-when-saved} (its checkpoint holds calls that ran after it
 * was taken, which the restart replays again).
 */
@SolutionOnly
class ReplayDeterminismTest {
  private static final String SEED = "20261206";

  @TempDir
  Path work;

  /** What one grading kept: the failure message of each graded test and the files of its kept run. */
  private record Graded(List<Outcome> outcomes, Map<String, String> kept) {}

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "lab3, reruns-while-the-node-lives, org.miniray.fault.DeterministicLineageTest",
      "lab4, snapshot-taken-when-saved, org.miniray.fault.DeterministicCheckpointTest"})
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // javac for the patch, then a few short properties, three times
  void aWrongSolutionsFailureReplaysEventForEventFromItsSeed(String lab, String wrongSolution, String grader)
      throws Exception {
    Path patch = WrongSolution.DIRECTORY.resolve(lab + "/" + wrongSolution + ".patch");
    assumeTrue(Files.isRegularFile(patch), "the staff copy, with " + patch);
    List<Path> wrong = WrongSolution.read(patch).compile(work);

    Graded first = grade(lab, grader, wrong, "first");
    Graded second = grade(lab, grader, wrong, "second");

    assertThat(first.outcomes()).as("the wrong solution's deterministic graders").isNotEmpty()
        .anyMatch(o -> !o.passed());
    List<Outcome> failed = first.outcomes().stream().filter(o -> !o.passed()).toList();
    assertThat(failed).allSatisfy(o -> assertThat(o.why()).contains("re-run with -Dreplay.seed=" + SEED));
    assertThat(failed).as("the failing graders: the one on an unreliable network among them, so that a schedule of"
        + " delays, drops and resends replays too").anyMatch(o -> o.test().contains("UnreliableNetwork"));
    assertThat(withoutStacks(second.outcomes())).as("the replay's outcomes: the same tests fail with the same messages")
        .isEqualTo(withoutStacks(first.outcomes()));
    assertThat(first.kept()).as("files kept by the first run").isNotEmpty()
        .allSatisfy((file, text) -> assertThat(file).matches(".*/(example\\.txt|graph\\.svg|timeline\\.json|events\\.txt|seed\\.txt)"));
    assertThat(first.kept().keySet()).as("each failing grader keeps its events").anyMatch(f -> f.endsWith("/events.txt"));
    assertThat(second.kept()).as("the replay's kept runs, file for file").isEqualTo(first.kept());

    Graded reference = grade(lab, grader, List.of(), "reference");
    assertThat(reference.outcomes()).as("the reference with seed %s", SEED).isNotEmpty().allMatch(Outcome::passed);
  }

  /** The outcomes with their stack frames left out: the frames of this test's own calls differ by a line. */
  private static List<Outcome> withoutStacks(List<Outcome> outcomes) {
    return outcomes.stream().map(o -> new Outcome(o.test(), o.passed(), o.why().replaceAll("(?m)^\\s*at .*\\R?", "")))
        .toList();
  }

  private Graded grade(String lab, String grader, List<Path> overlay, String name) throws Exception {
    Path dir = work.resolve(name).resolve(lab); // as make grade names it: the kept seed.txt says LAB=N
    Files.createDirectories(dir);
    List<Path> classpath = new ArrayList<>(overlay);
    classpath.add(LabRunner.location(org.miniray.api.Ray.class));
    classpath.add(LabRunner.location(ReplayDeterminismTest.class));
    List<Outcome> outcomes = LabRunner.run(classpath, List.of(grader), lab,
        Map.of(GradeRecorder.FILE_PROPERTY, dir.resolve("grades.tsv").toString(), "replay.seed", SEED));
    Map<String, String> kept = new java.util.TreeMap<>();
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("grades.tsv"))
          .toList()) {
        kept.put(dir.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return new Graded(outcomes, kept);
  }
}
