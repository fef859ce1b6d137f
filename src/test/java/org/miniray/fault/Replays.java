package org.miniray.fault;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;
import org.miniray.labs.FailedRuns;
import org.quicktheories.core.Gen;

/**
 * How the fault property tests run: from a seed ({@code -Dreplay.seed=N} repeats a
 * failed run's drawn schedules, and in lab 3's deterministic mode the run itself), and a failure
 * names the seed and the shrunk schedule.
 */
final class Replays {
  private Replays() {}

  static <T> void check(String property, int examples, Gen<T> schedules, Consumer<T> run) {
    check(property, examples, schedules, run, false);
  }

  /**
   * As above; {@code exact}: {@code run} is deterministic ({@link LineageSimulation}), so the seed
   * replays the failure itself and not only the drawn schedules.
   */
  static <T> void check(String property, int examples, Gen<T> schedules, Consumer<T> run, boolean exact) {
    String fixed = System.getProperty("replay.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    long started = System.nanoTime();
    try {
      qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(20).forAll(schedules).checkAssert(run);
    } catch (AssertionError e) {
      FailedRuns.seed(seed, exact);
      throw new AssertionError(property + " failed; re-run with -Dreplay.seed=" + seed
          + (exact ? " (a deterministic run: the same failure, event for event; the example's seed= below is drawn from it)"
              : " (the DAG's own seed= below is its cluster's, drawn from this one)") + "\n" + e.getMessage(), e);
    }
    System.out.printf("%s: %d schedules passed in %.1f s (seed %d)%n", property, examples,
        (System.nanoTime() - started) / 1e9, seed);
  }
}
