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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.labs.LabRunner.Outcome;

/**
 * Issue 18's promise for lab 3: replaying a failing grader's seed in deterministic mode gives
 * the same failure. A known wrong solution ({@code reruns-while-the-node-lives}: it re-runs a task
 * without asking whether its node still lives) is graded twice with one seed by lab 3's
 * deterministic graders, each time in a fresh class loader as {@code make grade SEED=...} would
 * run it; both runs fail with the same message and keep the same run (events, timeline, graph,
 * seed), and the reference passes with that seed.
 */
@SolutionOnly
class LineageReplayDeterminismTest {
  private static final String GRADER = "org.miniray.fault.DeterministicLineageTest";
  private static final String SEED = "20261206";

  @TempDir
  Path work;

  /** What one grading kept: the failure message of each graded test and the files of its kept run. */
  private record Graded(List<Outcome> outcomes, Map<String, String> kept) {}

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // javac for the patch, then six short properties
  void aWrongSolutionsFailureReplaysEventForEventFromItsSeed() throws Exception {
    Path patch = WrongSolution.DIRECTORY.resolve("lab3/reruns-while-the-node-lives.patch");
    assumeTrue(Files.isRegularFile(patch), "the staff copy, with " + patch);
    List<Path> wrong = WrongSolution.read(patch).compile(work);

    Graded first = grade(wrong, "first");
    Graded second = grade(wrong, "second");

    assertThat(first.outcomes()).as("the wrong solution's deterministic graders").isNotEmpty()
        .anyMatch(o -> !o.passed());
    List<Outcome> failed = first.outcomes().stream().filter(o -> !o.passed()).toList();
    assertThat(failed).allSatisfy(o -> assertThat(o.why()).contains("re-run with -Dreplay.seed=" + SEED));
    assertThat(withoutStacks(second.outcomes())).as("the replay's outcomes: the same tests fail with the same messages")
        .isEqualTo(withoutStacks(first.outcomes()));
    assertThat(first.kept()).as("files kept by the first run").isNotEmpty()
        .allSatisfy((file, text) -> assertThat(file).matches(".*/(example\\.txt|graph\\.svg|timeline\\.json|events\\.txt|seed\\.txt)"));
    assertThat(first.kept().keySet()).as("each failing grader keeps its events").anyMatch(f -> f.endsWith("/events.txt"));
    assertThat(second.kept()).as("the replay's kept runs, file for file").isEqualTo(first.kept());

    Graded reference = grade(List.of(), "reference");
    assertThat(reference.outcomes()).as("the reference with seed %s", SEED).isNotEmpty().allMatch(Outcome::passed);
  }

  /** The outcomes with their stack frames left out: the frames of this test's own calls differ by a line. */
  private static List<Outcome> withoutStacks(List<Outcome> outcomes) {
    return outcomes.stream().map(o -> new Outcome(o.test(), o.passed(), o.why().replaceAll("(?m)^\\s*at .*\\R?", "")))
        .toList();
  }

  private Graded grade(List<Path> overlay, String name) throws Exception {
    Path dir = work.resolve(name).resolve("lab3"); // as make grade names it: the kept seed.txt says LAB=3
    Files.createDirectories(dir);
    List<Path> classpath = new ArrayList<>(overlay);
    classpath.add(LabRunner.location(org.miniray.api.Ray.class));
    classpath.add(LabRunner.location(LineageReplayDeterminismTest.class));
    List<Outcome> outcomes = LabRunner.run(classpath, List.of(GRADER), "lab3",
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
