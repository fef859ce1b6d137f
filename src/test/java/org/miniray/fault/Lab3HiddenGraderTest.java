package org.miniray.fault;

import static org.miniray.fault.DeterministicReplayPropertyTest.dags;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.labs.Points;
import org.miniray.labs.SolutionOnly;

/**
 * Lab 3's hidden grader (course staff only: not in the handout; {@code make grade LAB=3 HIDDEN=1}
 * and the Gradescope autograder run it): the deterministic-mode property on forty times as many
 * DAGs as the visible graders draw, so that a replayer tuned until the visible seeds pass still
 * meets DAGs it has not seen. A deterministic run takes milliseconds, which makes 4000 affordable.
 */
@SolutionOnly
@Tag("lab3")
@Tag("lab3-hidden")
@Tag("hidden")
class Lab3HiddenGraderTest {

  @Test
  @Points(5)
  @DisplayName("deterministic: 2000 random DAGs of up to 30 tasks, two holders killed, each run paced and all at once: every result equals the failure-free run, and only lost work runs again")
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void manyMoreDagsInDeterministicMode() {
    Replays.check("lineage, deterministic (lab 3, hidden)", 2000, dags(30, 2, 2, 0, 0, true), d -> {
      DeterministicLineageTest.check(d, 3);
      DeterministicLineageTest.check(d, 0);
    }, true);
  }
}
