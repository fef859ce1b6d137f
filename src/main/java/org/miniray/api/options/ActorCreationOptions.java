package org.miniray.api.options;

import java.util.Map;

/**
 * Options of an actor's creation.
 *
 * @param name the name {@code Ray.getActor} finds it by, or null
 * @param resources resources the actor holds for its life; empty means none (as in Ray, an
 *     actor needs no CPU to exist)
 * @param maxRestarts restarts after its node dies
 */
public record ActorCreationOptions(String name, Map<String, Double> resources, int maxRestarts) {
  public static final int DEFAULT_MAX_RESTARTS = 0;

  public ActorCreationOptions {
    resources = Map.copyOf(resources);
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
    }
  }
}
