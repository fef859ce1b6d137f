package org.miniray.task;

import java.util.Map;
import java.util.TreeMap;

/**
 * Amounts of named resources ("CPU", "GPU", "memory" or any custom name). Amounts are kept in
 * fixed point (1/10,000 of a unit) so that adding and taking away fractions never drifts, as
 * in Ray. Immutable; a missing name means zero.
 */
public final class ResourceSet {
  public static final String CPU = "CPU";
  public static final String GPU = "GPU";
  public static final String MEMORY = "memory";

  private static final long SCALE = 10_000;
  public static final ResourceSet EMPTY = new ResourceSet(new TreeMap<>());

  private final TreeMap<String, Long> units; // only non-zero entries

  private ResourceSet(TreeMap<String, Long> units) {
    this.units = units;
  }

  /** Resources from a map of amounts; negative or non-finite amounts are an error. */
  public static ResourceSet of(Map<String, Double> amounts) {
    TreeMap<String, Long> u = new TreeMap<>();
    for (Map.Entry<String, Double> e : amounts.entrySet()) {
      checkName(e.getKey());
      double v = e.getValue() == null ? Double.NaN : e.getValue();
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException(
            "resource '" + e.getKey() + "' must be a finite amount >= 0, got " + e.getValue());
      }
      long scaled = Math.round(v * SCALE);
      if (scaled != 0) {
        u.put(e.getKey(), scaled);
      }
    }
    return new ResourceSet(u);
  }

  public static ResourceSet of(String name, double amount) {
    return of(Map.of(name, amount));
  }

  /**
   * Parses {@code CPU=2,GPU=1,custom=0.5} (or {@code :} instead of {@code =}); the empty
   * string is no resources.
   */
  public static ResourceSet parse(String text) {
    TreeMap<String, Double> m = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = Math.max(p.indexOf('='), p.indexOf(':'));
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException(
            "resource '" + p + "' is not NAME=AMOUNT (in '" + text + "')");
      }
      String name = p.substring(0, eq).trim();
      String amount = p.substring(eq + 1).trim();
      try {
        m.put(name, Double.parseDouble(amount));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "resource '" + name + "' has amount '" + amount + "', which is not a number (in '" + text + "')");
      }
    }
    return of(m);
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a resource needs a non-empty name");
    }
  }

  public double get(String name) {
    return units.getOrDefault(name, 0L) / (double) SCALE;
  }

  public boolean isEmpty() {
    return units.isEmpty();
  }

  /** True when every amount in {@code demand} is available here. */
  public boolean fits(ResourceSet demand) {
    for (Map.Entry<String, Long> e : demand.units.entrySet()) {
      if (units.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  public ResourceSet plus(ResourceSet other) {
    TreeMap<String, Long> u = new TreeMap<>(units);
    other.units.forEach((k, v) -> u.merge(k, v, Long::sum));
    u.values().removeIf(v -> v == 0);
    return new ResourceSet(u);
  }

  /** Subtracts; the result may go below zero (a blocked worker's CPU handed back, then retaken). */
  public ResourceSet minus(ResourceSet other) {
    TreeMap<String, Long> u = new TreeMap<>(units);
    other.units.forEach((k, v) -> u.merge(k, -v, Long::sum));
    u.values().removeIf(v -> v == 0);
    return new ResourceSet(u);
  }

  /** Only the named resource of this set (for example its CPUs). */
  public ResourceSet only(String name) {
    Long v = units.get(name);
    TreeMap<String, Long> u = new TreeMap<>();
    if (v != null) {
      u.put(name, v);
    }
    return new ResourceSet(u);
  }

  public Map<String, Double> asMap() {
    TreeMap<String, Double> m = new TreeMap<>();
    units.forEach((k, v) -> m.put(k, v / (double) SCALE));
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceSet r && r.units.equals(units);
  }

  @Override
  public int hashCode() {
    return units.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    units.forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(", ");
      }
      double d = v / (double) SCALE;
      b.append(k).append('=').append(d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d));
    });
    return b.append('}').toString();
  }
}
