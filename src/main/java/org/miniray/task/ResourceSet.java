package org.miniray.task;

import java.util.Arrays;
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
  private static final String[] NO_NAMES = new String[0];
  private static final long[] NO_UNITS = new long[0];
  public static final ResourceSet EMPTY = new ResourceSet(NO_NAMES, NO_UNITS);

  // Sorted by name, only non-zero amounts. Plain arrays: policies call fits() for every node on
  // every decision, so it must not allocate or chase tree nodes.
  private final String[] names;
  private final long[] units;

  private ResourceSet(String[] names, long[] units) {
    this.names = names;
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
    return fromSorted(u);
  }

  private static ResourceSet fromSorted(TreeMap<String, Long> u) {
    if (u.isEmpty()) {
      return EMPTY;
    }
    String[] n = new String[u.size()];
    long[] v = new long[u.size()];
    int i = 0;
    for (Map.Entry<String, Long> e : u.entrySet()) {
      n[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return new ResourceSet(n, v);
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
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return units[i] / (double) SCALE;
      }
    }
    return 0;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  /** True when every amount in {@code demand} is available here. */
  public boolean fits(ResourceSet demand) {
    int j = 0;
    for (int i = 0; i < demand.names.length; i++) {
      String want = demand.names[i];
      while (j < names.length && names[j].compareTo(want) < 0) {
        j++;
      }
      long have = j < names.length && names[j].equals(want) ? units[j] : 0;
      if (have < demand.units[i]) {
        return false;
      }
    }
    return true;
  }

  public ResourceSet plus(ResourceSet other) {
    return combine(other, 1);
  }

  /** Subtracts; the result may go below zero (a blocked worker's CPU handed back, then retaken). */
  public ResourceSet minus(ResourceSet other) {
    return combine(other, -1);
  }

  // A merge of the two sorted arrays: the schedulers add and take away a task's resources on
  // every placement, dispatch and finish, so this must not build a map.
  private ResourceSet combine(ResourceSet other, int sign) {
    if (other.names.length == 0) {
      return this;
    }
    String[] n = new String[names.length + other.names.length];
    long[] v = new long[n.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < names.length || j < other.names.length) {
      int order = i == names.length ? 1 : j == other.names.length ? -1 : names[i].compareTo(other.names[j]);
      String name;
      long amount;
      if (order < 0) {
        name = names[i];
        amount = units[i++];
      } else if (order > 0) {
        name = other.names[j];
        amount = sign * other.units[j++];
      } else {
        name = names[i];
        amount = units[i++] + sign * other.units[j++];
      }
      if (amount != 0) {
        n[k] = name;
        v[k++] = amount;
      }
    }
    if (k == 0) {
      return EMPTY;
    }
    return new ResourceSet(k == n.length ? n : Arrays.copyOf(n, k), k == v.length ? v : Arrays.copyOf(v, k));
  }

  /** Only the named resource of this set (for example its CPUs). */
  public ResourceSet only(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return new ResourceSet(new String[] {name}, new long[] {units[i]});
      }
    }
    return EMPTY;
  }

  public Map<String, Double> asMap() {
    TreeMap<String, Double> m = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], units[i] / (double) SCALE);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceSet r && Arrays.equals(r.names, names) && Arrays.equals(r.units, units);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(units);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      double d = units[i] / (double) SCALE;
      b.append(names[i]).append('=').append(d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d));
    }
    return b.append('}').toString();
  }
}
