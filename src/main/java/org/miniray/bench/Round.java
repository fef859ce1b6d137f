package org.miniray.bench;

import com.google.common.base.Ticker;
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

  /** Runs {@code work}, which does {@code count} operations, and returns their rate per second. */
  public static Round timed(Ticker ticker, double count, Runnable work) {
    long t0 = ticker.read();
    work.run();
    return rate(count, ticker.read() - t0);
  }
}
