package org.miniray.api.options;

import java.util.Map;

/**
 * Options of an actor's creation.
 *
 * @param name the name {@code Ray.getActor} finds it by, or null
 * @param resources resources the actor holds for its life; empty means none (as in Ray, an
 *     actor needs no CPU to exist)
 * @param maxRestarts restarts after its node dies: {@link #NO_RESTART} (the default, as in Ray),
 *     a count, or {@link #INFINITE_RESTART}
 * @param maxConcurrency how many of its calls may run at once: 1 (the default) runs them one at a
 *     time in order, the paper's stateful serial actor; more makes a threaded actor, whose calls
 *     start in order but overlap, and which cannot also be restarted (a restart replays calls in
 *     their order, which overlapping calls do not have)
 * @param lifetime {@link ActorLifetime#NON_DETACHED} (the default: it ends with its job) or
 *     {@link ActorLifetime#DETACHED}
 */
public record ActorCreationOptions(String name, Map<String, Double> resources, int maxRestarts, int maxConcurrency,
    ActorLifetime lifetime) {
  /** Never restarted: a call after its node dies fails with {@code RayActorException}. */
  public static final int NO_RESTART = 0;
  /** Restarted after every death of its node, as Ray's {@code -1}. */
  public static final int INFINITE_RESTART = -1;
  public static final int DEFAULT_MAX_RESTARTS = NO_RESTART;

  public ActorCreationOptions {
    resources = Map.copyOf(resources);
    if (lifetime == null) {
      throw new IllegalArgumentException("an actor's lifetime is DETACHED or NON_DETACHED, not null");
    }
    if (maxRestarts < INFINITE_RESTART) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, or INFINITE_RESTART (-1), got " + maxRestarts);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("setMaxConcurrency(" + maxConcurrency + "): at least 1 call must be able to run");
    }
    if (maxConcurrency > 1 && maxRestarts != NO_RESTART) {
      throw new IllegalArgumentException("an actor with setMaxConcurrency(" + maxConcurrency + ") cannot also have "
          + "setMaxRestarts(" + maxRestarts + "): a restart replays its calls one by one in their order, and calls "
          + "that overlap have no order to replay; use one or the other");
    }
  }

  /** How many restarts the runtime allows: {@link #INFINITE_RESTART} as {@link Integer#MAX_VALUE}. */
  public int restartBudget() {
    return maxRestarts == INFINITE_RESTART ? Integer.MAX_VALUE : maxRestarts;
  }
}
