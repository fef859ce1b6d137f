package org.miniray.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one round measured: its figure in the workload's unit, and any extra figures by name. */
public record Round(double value, Map<String, Double> extras) {
  public Round {
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras)); // keeps the workload's order
  }

  public static Round of(double value) {
    return new Round(value, Map.of());
  }

  /** {@code count} operations in {@code nanos}: operations per second. */
  public static Round rate(double count, long nanos) {
    return of(count / (nanos / 1e9));
  }
}
