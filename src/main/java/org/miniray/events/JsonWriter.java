package org.miniray.events;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Just enough of a JSON writer for the trace, the graph and the dashboard's API: objects,
 * arrays, strings, numbers and booleans, with the commas placed for you and strings escaped as
 * RFC 8259 asks.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  /** One entry per open object or array: whether it already holds a member. */
  private final Deque<boolean[]> open = new ArrayDeque<>();
  private boolean afterName;

  public JsonWriter beginObject() {
    separate();
    out.append('{');
    open.push(new boolean[1]);
    return this;
  }

  public JsonWriter endObject() {
    open.pop();
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    separate();
    out.append('[');
    open.push(new boolean[1]);
    return this;
  }

  public JsonWriter endArray() {
    open.pop();
    out.append(']');
    return this;
  }

  public JsonWriter name(String name) {
    separate();
    quote(name);
    out.append(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    separate();
    if (s == null) {
      out.append("null");
    } else {
      quote(s);
    }
    return this;
  }

  public JsonWriter value(long n) {
    separate();
    out.append(n);
    return this;
  }

  public JsonWriter value(double d) {
    separate();
    out.append(Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.3f", d) : "null");
    return this;
  }

  public JsonWriter value(boolean b) {
    separate();
    out.append(b);
    return this;
  }

  /** Shorthand for {@code name(n).value(v)}. */
  public JsonWriter field(String n, String v) {
    return name(n).value(v);
  }

  public JsonWriter field(String n, long v) {
    return name(n).value(v);
  }

  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    boolean[] any = open.peek();
    if (any != null) {
      if (any[0]) {
        out.append(',');
      }
      any[0] = true;
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
