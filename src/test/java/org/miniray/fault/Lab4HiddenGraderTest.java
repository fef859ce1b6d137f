package org.miniray.fault;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.labs.Points;
import org.miniray.labs.SolutionOnly;

/**
 * Lab 4's hidden grader (course staff only: not in the handout; {@code make grade LAB=4 HIDDEN=1}
 * and the Gradescope autograder run it): the deterministic-mode checkpoint property on twenty
 * times as many schedules as each visible grader draws, so that a recovery tuned until the
 * visible seeds pass still meets schedules it has not seen. A deterministic run takes a
 * millisecond or so, which makes 2000 affordable.
 */
@SolutionOnly
@Tag("lab4")
@Tag("lab4-hidden")
@Tag("hidden")
class Lab4HiddenGraderTest {

  @Test
  @Points(5)
  @DisplayName("deterministic: 2000 schedules of up to 30 calls, random checkpoint policies and one or two kills: every result and the final state equal the failure-free run, and only calls after the checkpoint replay")
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void manyMoreSchedulesInDeterministicMode() {
    Replays.check("checkpoints, deterministic (lab 4, hidden)", 2000, DeterministicCheckpointTest.schedules(30, 1, 2),
        DeterministicCheckpointTest::check, true);
  }
}
