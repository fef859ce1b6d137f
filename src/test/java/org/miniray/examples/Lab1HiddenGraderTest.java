package org.miniray.examples;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.Ray;
import org.miniray.labs.Points;
import org.miniray.labs.SolutionOnly;

/**
 * Lab 1's hidden grader (course staff only: not in the handout; {@code make grade LAB=1
 * HIDDEN=1} and the Gradescope autograder run it): the merge tree of a piece count the visible
 * graders do not try, an odd one, where the odd piece out must wait for the next round rather
 * than be merged into a running result.
 */
@SolutionOnly
@Tag("lab1")
@Tag("lab1-hidden")
@Tag("hidden")
@Timeout(60)
class Lab1HiddenGraderTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.scheduler.policy", "least-loaded"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  @Points(5)
  @DisplayName("with 7 pieces the merges still pair up round by round: 6 merges in 3 rounds")
  void oddPieceCountStillMergesInATree() {
    ParallelSortGraderTest.assertPiecesTravelAsFuturesThroughATree(ParallelSort.randomInput(70_000, 11), 7);
  }
}
