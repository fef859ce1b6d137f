package org.miniray.api.options;

import java.util.Map;

/**
 * Options of one task or actor-method call.
 *
 * @param name display name, or null for the function's name
 * @param resources resources needed while running; empty means the default (1 CPU for a task)
 * @param maxRetries attempts after the first when a failure (not an exception) stops the task
 */
public record CallOptions(String name, Map<String, Double> resources, int maxRetries) {
  public static final int DEFAULT_MAX_RETRIES = 3;

  public CallOptions {
    resources = Map.copyOf(resources);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
  }

  public static CallOptions defaults() {
    return new CallOptions(null, Map.of(), DEFAULT_MAX_RETRIES);
  }
}
