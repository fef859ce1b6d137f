package org.miniray.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A tiny JSON writer for maps, lists, strings, numbers, booleans and null; non-finite numbers become null. */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, int indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean bool) {
      b.append(bool);
    } else if (v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      b.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof double[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i > 0 ? ", " : "");
        write(b, a[i], indent);
      }
      b.append(']');
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "\n";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep).append("  ".repeat(indent + 1));
        string(b, String.valueOf(e.getKey()));
        b.append(": ");
        write(b, e.getValue(), indent + 1);
        sep = ",\n";
      }
      b.append(m.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      String sep = "\n";
      for (Object o : l) {
        b.append(sep).append("  ".repeat(indent + 1));
        write(b, o, indent + 1);
        sep = ",\n";
      }
      b.append(l.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append(']');
    } else {
      throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
