package org.miniray.scheduler.policy;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;

/**
 * The built-in scheduling policies by name, for {@code miniray.scheduler.policy}. A value that
 * is not one of these names is taken as the fully qualified name of a class implementing
 * {@link SchedulingPolicy} (a student's own, in lab 2).
 */
public final class SchedulingPolicies {
  public static final String PAPER = "paper";
  public static final String RANDOM = "random";
  public static final String ROUND_ROBIN = "round-robin";
  public static final String LEAST_LOADED = "least-loaded";
  public static final String LOCALITY = "locality";
  public static final String POWER_OF_TWO = "power-of-two";

  private SchedulingPolicies() {}

  /** A selector knowing the six built-in names, the paper's policy first. */
  public static ComponentSelector<SchedulingPolicy> selector() {
    return new ComponentSelector<>(SchedulingPolicy.class, Keys.SCHEDULING_POLICY)
        .builtIn(PAPER, PaperSchedulingPolicy::new)
        .builtIn(RANDOM, RandomSchedulingPolicy::new)
        .builtIn(ROUND_ROBIN, RoundRobinSchedulingPolicy::new)
        .builtIn(LEAST_LOADED, LeastLoadedSchedulingPolicy::new)
        .builtIn(LOCALITY, LocalitySchedulingPolicy::new)
        .builtIn(POWER_OF_TWO, PowerOfTwoSchedulingPolicy::new);
  }
}
