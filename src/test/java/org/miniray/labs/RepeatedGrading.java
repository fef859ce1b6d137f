package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miniray.labs.LabRunner.Outcome;

/**
 * {@code make grade LAB=N REPEAT=50}: runs lab N's graded tests 50 times in this JVM, each run
 * with its own seed and its own copy of the classes ({@link LabRunner}, so every run starts a
 * fresh runtime), as MIT 6.5840's tests are run hundreds of times to find the rare interleaving.
 * Run {@code i} writes {@code run-<i>-seed-<seed>.tsv} into {@value #DIR_PROPERTY}'s directory
 * for {@code GradeReport --repeat} to sum up.
 *
 * <p>The seed is given to every seeded grader: {@code replay.seed} (the fault properties,
 * {@code org.miniray.fault.Replays}) and {@code QT_SEED} (the scheduling contract,
 * {@code Clusters}); {@code make grade LAB=N SEED=<seed>} replays one run's draws.
 * Without {@value #TIMES_PROPERTY} (as in {@code make test}) it does not run.
 */
@EnabledIfSystemProperty(named = RepeatedGrading.TIMES_PROPERTY, matches = "[1-9]\\d*")
class RepeatedGrading {
  static final String TIMES_PROPERTY = "labs.repeat";
  static final String LAB_PROPERTY = "labs.repeat.lab";
  static final String DIR_PROPERTY = "labs.repeat.dir";
  static final String HIDDEN_PROPERTY = "labs.repeat.hidden";

  @Test
  @Timeout(value = 24, unit = TimeUnit.HOURS) // 50 runs of a lab with cluster tests take long; each test has its own
  void runsTheLabsGradedTestsOncePerSeed() throws Exception {
    int times = Integer.getInteger(TIMES_PROPERTY);
    String lab = System.getProperty(LAB_PROPERTY, "");
    assertThat(lab).as("-D%s, the lab (lab1 ... lab5)", LAB_PROPERTY).matches("lab\\d+");
    Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/grades/" + lab + "/repeat"));
    Files.createDirectories(dir);
    String tags = Boolean.getBoolean(HIDDEN_PROPERTY) ? lab : lab + " & !" + GradeReport.HIDDEN_TAG;
    Path main = LabRunner.location(org.miniray.api.Ray.class);
    Path tests = LabRunner.location(RepeatedGrading.class);
    SplittableRandom seeds = new SplittableRandom(System.nanoTime());
    for (int run = 1; run <= times; run++) {
      long seed = seeds.nextLong(1, Long.MAX_VALUE);
      System.setProperty("replay.seed", Long.toString(seed));
      System.setProperty("QT_SEED", Long.toString(seed));
      System.setProperty(GradeRecorder.FILE_PROPERTY,
          dir.resolve(String.format("run-%03d-seed-%d.tsv", run, seed)).toAbsolutePath().toString());
      List<Outcome> outcomes = LabRunner.run(main, tests, tags);
      assertThat(outcomes).as("graded tests of %s in run %d (do they compile?)", lab, run).isNotEmpty();
      long failed = outcomes.stream().filter(o -> !o.passed()).count();
      System.out.printf("run %d/%d, seed %d: %d of %d graded tests failed%n", run, times, seed, failed,
          outcomes.size());
    }
  }
}
