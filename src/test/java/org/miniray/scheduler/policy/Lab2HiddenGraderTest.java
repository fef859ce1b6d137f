package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.labs.Points;
import org.miniray.labs.SolutionOnly;

/**
 * Lab 2's hidden graders (course staff only: not in the handout; {@code make grade LAB=2
 * HIDDEN=1} and the Gradescope autograder run them): the estimate moves the right way on
 * random views. More of the input already local never makes a node look slower, and a longer
 * queue never makes it look faster; an estimate that special-cases the visible tests' numbers
 * breaks one of these.
 */
@SolutionOnly
@Tag("lab2")
@Tag("lab2-hidden")
@Tag("hidden")
@Timeout(60)
class Lab2HiddenGraderTest {

  @Test
  @Points(5)
  @DisplayName("more of the input on the node never raises its estimate")
  void moreLocalBytesNeverRaiseTheEstimate() {
    Clusters.theory().forAll(Clusters.scenarios(), longs().between(0, 1L << 30)).checkAssert((s, more) -> {
      for (NodeView n : s.nodes()) {
        NodeView richer = new NodeView(n.id(), n.total(), n.available(), n.queueLength(), n.avgTaskMillis(),
            n.bandwidthBytesPerMs(), n.localInputBytes() + more);
        assertThat(PaperSchedulingPolicy.estimatedWaitMillis(s.task(), richer))
            .as("estimate for %s with %d more local bytes", n, more)
            .isLessThanOrEqualTo(PaperSchedulingPolicy.estimatedWaitMillis(s.task(), n));
      }
    });
  }

  @Test
  @Points(5)
  @DisplayName("a longer queue never lowers the estimate")
  void aLongerQueueNeverLowersTheEstimate() {
    Clusters.theory().forAll(Clusters.scenarios(), integers().between(1, 100)).checkAssert((s, more) -> {
      for (NodeView n : s.nodes()) {
        NodeView busier = new NodeView(n.id(), n.total(), n.available(), n.queueLength() + more, n.avgTaskMillis(),
            n.bandwidthBytesPerMs(), n.localInputBytes());
        assertThat(PaperSchedulingPolicy.estimatedWaitMillis(s.task(), busier))
            .as("estimate for %s with %d more queued", n, more)
            .isGreaterThanOrEqualTo(PaperSchedulingPolicy.estimatedWaitMillis(s.task(), n));
      }
    });
  }
}
