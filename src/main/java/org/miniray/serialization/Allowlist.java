package org.miniray.serialization;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes a serializer may create when reading bytes (and may write, so that a value that
 * could not be read back fails where it is made). An entry is a class name
 * ({@code com.acme.Point}) or a package prefix ending in {@code .*} ({@code com.acme.*}, which
 * covers subpackages too), or a nested-class prefix ending in {@code $*}
 * ({@code com.acme.Outer$*}). Arrays are allowed when their element class is. Thread-safe; entries
 * are only ever added, so a class once allowed stays allowed.
 *
 * <p>Besides the entries, a class is allowed by its shape, so that the values programs pass just
 * work, as in Ray: every enum and record on the classpath, and every collection or map of the
 * JDK ({@code java.util}, {@code java.util.concurrent}). Guava's collections are entries of
 * {@link #BUILT_IN}. What stays refused are the classes deserialization attacks are made of:
 * classes that run code when built or read back ({@code readObject}, {@code readResolve}, proxies,
 * comparators and transformers of other libraries), unless a program lists them. The class is
 * looked up without being initialized.
 */
public final class Allowlist {
  /** Always allowed: boxed primitives, strings, common collections and time values, miniray's own values. */
  public static final Set<String> BUILT_IN = Set.of(
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.String", "java.lang.Void",
      "java.lang.Number", "java.lang.Object", "java.lang.Enum", "java.lang.Record", "java.lang.StackTraceElement",
      "java.math.BigInteger", "java.math.BigDecimal",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.ArrayDeque", "java.util.Optional", "java.util.UUID", "java.util.BitSet",
      "java.util.Arrays$ArrayList", "java.util.ImmutableCollections$*", "java.util.Collections$*",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
      "java.time.*", "org.miniray.*",
      // Guava's immutable and multi-collections: Fory has a serializer for each, no readObject runs
      "com.google.common.collect.*",
      // so that a task's exception reaches get() as itself, not only as its description
      "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
      "java.lang.IllegalArgumentException", "java.lang.IllegalStateException", "java.lang.ArithmeticException",
      "java.lang.NullPointerException", "java.lang.UnsupportedOperationException",
      "java.lang.IndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException",
      "java.lang.ClassCastException", "java.lang.NumberFormatException", "java.lang.AssertionError",
      "java.io.IOException", "java.io.UncheckedIOException", "java.util.NoSuchElementException",
      "java.util.concurrent.TimeoutException");

  private static final Set<String> PRIMITIVES =
      Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");

  private final Set<String> exact = ConcurrentHashMap.newKeySet();
  private final Set<String> prefixes = ConcurrentHashMap.newKeySet();
  private volatile boolean defaultPackage; // every class of the default package allowed
  private final ConcurrentHashMap<String, Boolean> byShape = new ConcurrentHashMap<>();

  public Allowlist() {
    BUILT_IN.forEach(this::allow);
  }

  /**
   * Allows a class name, a {@code package.*} prefix (subpackages included), an
   * {@code Outer$*} prefix (all nested classes of {@code Outer}), or several of these separated
   * by commas; blank entries are ignored.
   *
   * @throws IllegalArgumentException for an entry with a {@code *} anywhere else, such as
   *     {@code *} alone (which would allow every class) or {@code com.acme*} (which would also
   *     allow {@code com.acmeevil})
   */
  public Allowlist allow(String entries) {
    for (String raw : entries.split(",")) {
      String e = raw.trim();
      if (e.isEmpty()) {
        continue;
      }
      String head = e.endsWith(".*") || e.endsWith("$*") ? e.substring(0, e.length() - 1) : e;
      if (head.contains("*") || head.isEmpty() || head.equals(".") || head.equals("$")) {
        throw new IllegalArgumentException("bad allowlist entry '" + e + "': expected a class name, a package "
            + "prefix ending in .* (com.acme.*) or a nested-class prefix ending in $* (com.acme.Outer$*)");
      }
      if (head.length() < e.length()) {
        prefixes.add(head);
      } else {
        exact.add(e);
      }
    }
    return this;
  }

  /**
   * Allows every class in the package of {@code c} (a job's function or actor class); for a class
   * in the default package (a one-file program such as the README's {@code Hello}), every class
   * of the default package, nested ones included.
   */
  public Allowlist allowPackageOf(Class<?> c) {
    String pkg = c.getPackageName(); // for an array, its element's package
    if (pkg.isEmpty()) {
      defaultPackage = true;
      return this;
    }
    return allow(pkg + ".*");
  }

  /**
   * Whether a class may be created. Takes a name as {@link Class#getName()} gives it: an array
   * ({@code [Lcom.acme.Point;}, {@code [[I}) is allowed when its element class is, and the
   * primitive types always are.
   */
  public boolean isAllowed(String className) {
    String n = className;
    if (n.startsWith("[")) {
      n = n.substring(n.lastIndexOf('[') + 1);
      if (n.length() == 1) {
        return true; // an array of a primitive type, e.g. "[I"
      }
      if (n.startsWith("L") && n.endsWith(";")) {
        n = n.substring(1, n.length() - 1);
      }
    }
    if (PRIMITIVES.contains(n) || exact.contains(n) || (defaultPackage && n.indexOf('.') < 0)) {
      return true;
    }
    for (String p : prefixes) {
      if (n.startsWith(p)) {
        return true;
      }
    }
    return byShape.computeIfAbsent(n, Allowlist::isValueShaped);
  }

  /** An enum (or an enum constant's body), a record, or a collection or map of the JDK. */
  private static boolean isValueShaped(String name) {
    Class<?> c;
    try {
      c = Class.forName(name, false, Allowlist.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    if (Enum.class.isAssignableFrom(c) || c.isRecord()) {
      return true;
    }
    String pkg = c.getPackageName();
    return (pkg.equals("java.util") || pkg.equals("java.util.concurrent"))
        && (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c));
  }
}
