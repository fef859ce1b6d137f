package org.miniray.sim;

import java.util.SplittableRandom;

/**
 * A job to simulate: makes the {@link TaskGraph} of one run. Draw every random number from
 * {@code random} (the run's one seeded stream), so that a seed fixes the graph.
 */
public interface Workload {

  /** A short name for reports, such as {@code parallel} or {@code rl}. */
  String name();

  /** The tasks, for a cluster of {@code nodes} nodes (actors may be pinned to any of them). */
  TaskGraph generate(int nodes, SplittableRandom random);
}
