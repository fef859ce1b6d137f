package org.miniray.fault;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;
import org.miniray.labs.FailedRuns;
import org.quicktheories.core.Gen;

/**
 * How the fault property tests run: from a seed ({@code -Dreplay.seed=N} repeats a
 * failed run), and a failure names the seed and the shrunk schedule.
 */
final class Replays {
  private Replays() {}

  static <T> void check(String property, int examples, Gen<T> schedules, Consumer<T> run) {
    String fixed = System.getProperty("replay.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    long started = System.nanoTime();
    try {
      qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(20).forAll(schedules).checkAssert(run);
    } catch (AssertionError e) {
      FailedRuns.seed(seed);
      throw new AssertionError(property + " failed; re-run with -Dreplay.seed=" + seed
          + " (the DAG's own seed= below is its cluster's, drawn from this one)\n" + e.getMessage(), e);
    }
    System.out.printf("%s: %d schedules passed in %.1f s (seed %d)%n", property, examples,
        (System.nanoTime() - started) / 1e9, seed);
  }
}
