package org.miniray.scheduler.policy;

import java.util.List;
import java.util.Optional;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/**
 * The global scheduler's policy from the Ray paper (section 4.2.2): send the task to the node
 * where it is expected to wait least.
 *
 * <p>Rule. Among the nodes whose total resources cover the demand, pick the one with the
 * smallest {@linkplain #estimatedWaitMillis estimated waiting time}
 * <pre>
 *   queueLength x avgTaskMillis  +  (inputBytes - localInputBytes) / bandwidthBytesPerMs
 * </pre>
 * that is, the time the task would spend queued there plus the time to fetch the inputs the
 * node does not already hold. Ties go first to a node whose <em>available</em> resources fit
 * the demand now, then to the node earliest in the list. No randomness: the seed is ignored.
 *
 * <p>Assumptions, each a choice a student may revisit in lab 2:
 * <ul>
 *   <li>The queue term already accounts for load, so availability is only a tie-breaker: a
 *       node that is busy but has a short queue beats an idle one whose inputs are far away.
 *       Where the estimate cannot tell two nodes apart (for example two empty queues), the
 *       node that can start the task at once is the better bet, since the estimate ignores
 *       tasks still running.
 *   <li>A node that has not yet measured its bandwidth reports zero (or a nonsense value).
 *       Treating that as "infinitely slow" would starve a newly joined node of every task
 *       with remote inputs, so it never would measure it; such a node is assumed to transfer
 *       at {@link #DEFAULT_BANDWIDTH_BYTES_PER_MS} (1 Gbit/s).
 *   <li>A negative or non-finite average task time counts as zero, a negative queue counts as
 *       empty, and local bytes beyond the task's input size (or below zero) as exactly its
 *       input: the views come from heartbeats and may be stale, never trusted to be
 *       consistent. (A node that has finished no task yet is not such a case: it reports
 *       {@link NodeView#UNMEASURED_TASK_MILLIS}, 1 ms, so that its queue still counts.)
 * </ul>
 */
public final class PaperSchedulingPolicy implements SchedulingPolicy {

  /** Transfer rate assumed for a node that reports none: 1 Gbit/s, in bytes per millisecond. */
  public static final double DEFAULT_BANDWIDTH_BYTES_PER_MS = 125_000.0;

  /** The seed is unused: this policy makes no random choices. */
  public PaperSchedulingPolicy(long seed) {}

  public PaperSchedulingPolicy(MinirayConfig config) {
    this(0L);
  }

  @Override
  public Optional<NodeId> select(TaskRequest task, List<NodeView> nodes) {
    // BEGIN SOLUTION(lab2)
    // Among the feasible nodes (FeasibleNodes.of), the smallest estimatedWaitMillis; ties as the class comment says.
    NodeView best = null;
    double bestWait = 0;
    boolean bestFitsNow = false;
    for (NodeView n : FeasibleNodes.of(task, nodes)) {
      double wait = estimatedWaitMillis(task, n);
      boolean fitsNow = n.available().fits(task.demand());
      // Strict comparisons keep the earlier node on a full tie.
      if (best == null || wait < bestWait || (wait == bestWait && fitsNow && !bestFitsNow)) {
        best = n;
        bestWait = wait;
        bestFitsNow = fitsNow;
      }
    }
    return Optional.ofNullable(best).map(NodeView::id);
    // END SOLUTION
  }

  /**
   * The paper's estimate of how long {@code task} would wait on {@code node} before it runs:
   * queueing time plus the transfer time of the inputs not already there. Always finite and
   * {@code >= 0}. Shared with {@link PowerOfTwoSchedulingPolicy}.
   */
  public static double estimatedWaitMillis(TaskRequest task, NodeView node) {
    // BEGIN SOLUTION(lab2)
    // queueLength x avgTaskMillis + bytes not on the node / bandwidth, distrusting stale views.
    double avg = node.avgTaskMillis();
    double queueing = Math.max(0, node.queueLength()) * (Double.isFinite(avg) && avg > 0 ? avg : 0);
    long remoteBytes = Math.max(0, task.inputBytes() - Math.max(0, node.localInputBytes()));
    if (remoteBytes == 0) {
      return queueing;
    }
    double bw = node.bandwidthBytesPerMs();
    if (!(Double.isFinite(bw) && bw > 0)) {
      bw = DEFAULT_BANDWIDTH_BYTES_PER_MS;
    }
    return queueing + remoteBytes / bw;
    // END SOLUTION
  }
}
