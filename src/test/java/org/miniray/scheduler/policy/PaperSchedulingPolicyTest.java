package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.id;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.id.NodeId;
import org.miniray.labs.GradeRecorder;
import org.miniray.labs.Points;
import org.miniray.task.ResourceSet;

/** Lab 2, part 1: the rule of the paper's policy on small hand-made clusters. */
@Tag("lab2")
@Tag("lab2-part1")
@ExtendWith(GradeRecorder.class)
@Timeout(10)
class PaperSchedulingPolicyTest {
  private final PaperSchedulingPolicy policy = new PaperSchedulingPolicy(42);

  @Test
  @Points(6)
  @DisplayName("paper policy prefers the node that holds the inputs when queues are equal")
  void prefersNodeHoldingLargeInputsWhenQueuesAreEqual() {
    long input = 100_000_000; // 100 MB: 100 s to fetch at 1,000 bytes/ms
    List<NodeView> nodes = List.of(
        node("far", "CPU=4", 2, 10, 1_000, 0),
        node("holder", "CPU=4", 2, 10, 1_000, input));
    assertThat(policy.select(task("CPU=1", input), nodes))
        .as("with equal queues, the node already holding the inputs needs no transfer")
        .contains(id("holder"));
  }

  @Test
  @Points(6)
  @DisplayName("paper policy prefers an idle node when inputs are small and their holder is backed up")
  void prefersIdleNodeWhenInputsAreSmallAndOtherIsBackedUp() {
    long input = 1_000; // 1 ms to fetch; the holder's queue is 50 x 10 ms
    List<NodeView> nodes = List.of(
        node("backed-up-holder", "CPU=4", 50, 10, 1_000, input),
        node("idle", "CPU=4", 0, 10, 1_000, 0));
    assertThat(policy.select(task("CPU=1", input), nodes))
        .as("fetching 1 KB beats waiting behind 50 tasks")
        .contains(id("idle"));
  }

  @Test
  @Points(5)
  @DisplayName("the estimate is queueing time plus the transfer of what is not local")
  void estimateIsQueueingPlusTransferOfWhatIsNotLocal() {
    NodeView n = node("n", "CPU=1", 3, 20, 500, 1_000);
    assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 6_000), n))
        .isEqualTo(3 * 20 + 5_000 / 500.0);
  }

  @Test
  @Points(5)
  @DisplayName("an unmeasured bandwidth counts as the default, not as infinitely slow")
  void unmeasuredBandwidthIsTakenAsTheDefaultNotAsInfinitelySlow() {
    NodeView fresh = node("fresh", "CPU=1", 0, 0, 0, 0);
    assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 1_250_000), fresh))
        .isEqualTo(1_250_000 / PaperSchedulingPolicy.DEFAULT_BANDWIDTH_BYTES_PER_MS);
    List<NodeView> nodes = List.of(node("busy", "CPU=1", 100, 100, 1_000, 0), fresh);
    assertThat(policy.select(task("CPU=1", 1_000_000), nodes))
        .as("a newly joined node with no bandwidth measured yet still gets work")
        .contains(id("fresh"));
  }

  @Test
  @Points(5)
  @DisplayName("on equal estimates: the node that can start now, then list order")
  void onEqualEstimatesPrefersNodeThatCanStartNowThenListOrder() {
    ResourceSet cpu4 = ResourceSet.parse("CPU=4");
    NodeView busy = new NodeView(id("busy"), cpu4, ResourceSet.EMPTY, 0, 10, 1_000, 0);
    NodeView free = new NodeView(id("free"), cpu4, cpu4, 0, 10, 1_000, 0);
    NodeView alsoFree = new NodeView(id("also-free"), cpu4, cpu4, 0, 10, 1_000, 0);
    assertThat(policy.select(task("CPU=1", 0), List.of(busy, free, alsoFree))).contains(id("free"));
    assertThat(policy.select(task("CPU=1", 0), List.of(busy, alsoFree, free))).contains(id("also-free"));
  }

  @Test
  @Points(3)
  @DisplayName("skips the best node when it can never run the task")
  void skipsTheBestNodeWhenItCanNeverRunTheTask() {
    List<NodeView> nodes = List.of(
        node("idle-cpu-only", "CPU=8", 0),
        node("busy-gpu", "CPU=8,GPU=1", 40));
    assertThat(policy.select(task("CPU=1,GPU=0.5", 0), nodes)).contains(id("busy-gpu"));
  }

  @Test
  @Points(2)
  @DisplayName("the seed does not matter")
  void seedDoesNotMatter() {
    List<NodeView> nodes = List.of(node("a", "CPU=1", 3), node("b", "CPU=1", 1), node("c", "CPU=1", 1));
    NodeId first = new PaperSchedulingPolicy(1).select(task("CPU=1", 0), nodes).orElseThrow();
    assertThat(new PaperSchedulingPolicy(2).select(task("CPU=1", 0), nodes)).contains(first);
    assertThat(first).isEqualTo(id("b"));
  }

  // --- Stale views: each sentence of the class comment's last assumption, and the bandwidth's ---

  @Test
  @Points(2)
  @DisplayName("a stale negative queue counts as empty, not as time saved")
  void negativeQueueCountsAsEmpty() {
    NodeView n = node("n", "CPU=1", -5, 10, 1_000, 0);
    assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 2_000), n))
        .as("estimate with queue -5 x 10 ms and 2,000 bytes to fetch at 1,000 bytes/ms").isEqualTo(2.0);
  }

  @Test
  @Points(2)
  @DisplayName("a NaN, infinite or negative average task time counts as zero: the estimate stays finite")
  void nonsenseAverageTaskTimeCountsAsZero() {
    for (double avg : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -10}) {
      NodeView n = node("n", "CPU=1", 3, avg, 1_000, 0);
      assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 1_000), n))
          .as("estimate with queue 3 x avg %s ms and 1,000 bytes to fetch at 1,000 bytes/ms", avg).isEqualTo(1.0);
    }
  }

  @Test
  @Points(2)
  @DisplayName("local bytes beyond the task's input count as exactly its input: nothing to fetch, no time saved")
  void moreLocalBytesThanInputCountAsTheInput() {
    NodeView n = node("n", "CPU=1", 2, 10, 1_000, 5_000);
    assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 1_000), n))
        .as("estimate with queue 2 x 10 ms, input 1,000 bytes, 5,000 bytes stored locally").isEqualTo(20.0);
    NodeView negative = node("m", "CPU=1", 0, 10, 1_000, -4_000);
    assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 1_000), negative))
        .as("estimate with -4,000 local bytes: at most the whole input to fetch").isEqualTo(1.0);
  }

  @Test
  @Points(2)
  @DisplayName("a NaN, infinite or negative bandwidth counts as the default, like an unmeasured one")
  void nonsenseBandwidthCountsAsTheDefault() {
    for (double bw : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1_000}) {
      NodeView n = node("n", "CPU=1", 0, 10, bw, 0);
      assertThat(PaperSchedulingPolicy.estimatedWaitMillis(task("CPU=1", 1_250_000), n))
          .as("estimate with bandwidth %s for 1,250,000 bytes", bw)
          .isEqualTo(1_250_000 / PaperSchedulingPolicy.DEFAULT_BANDWIDTH_BYTES_PER_MS);
    }
  }
}
