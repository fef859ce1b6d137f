package org.miniray.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The trace's, the graph's and the dashboard's API JSON, written by Jackson's streaming
 * generator (which places the commas and escapes strings) into a string. It exists so that the
 * writers can chain calls without handling the {@code IOException} a string cannot throw, and
 * so that every fractional number has the same three decimals.
 */
public final class JsonWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final StringWriter out = new StringWriter();
  private final JsonGenerator json;

  public JsonWriter() {
    try {
      json = FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One call on the generator; writing into a {@link StringWriter} does no I/O. */
  private interface Step {
    void run() throws IOException;
  }

  private JsonWriter write(Step step) {
    try {
      step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public JsonWriter beginObject() {
    return write(json::writeStartObject);
  }

  public JsonWriter endObject() {
    return write(json::writeEndObject);
  }

  public JsonWriter beginArray() {
    return write(json::writeStartArray);
  }

  public JsonWriter endArray() {
    return write(json::writeEndArray);
  }

  public JsonWriter name(String name) {
    return write(() -> json.writeFieldName(name));
  }

  public JsonWriter value(String s) {
    return write(() -> json.writeString(s));
  }

  public JsonWriter value(long n) {
    return write(() -> json.writeNumber(n));
  }

  /** Three decimals; a NaN or an infinity (which JSON cannot say) becomes {@code null}. */
  public JsonWriter value(double d) {
    return write(() -> {
      if (Double.isFinite(d)) {
        json.writeNumber(String.format(Locale.ROOT, "%.3f", d));
      } else {
        json.writeNull();
      }
    });
  }

  public JsonWriter value(boolean b) {
    return write(() -> json.writeBoolean(b));
  }

  /** Shorthand for {@code name(n).value(v)}. */
  public JsonWriter field(String n, String v) {
    return name(n).value(v);
  }

  public JsonWriter field(String n, long v) {
    return name(n).value(v);
  }

  @Override
  public String toString() {
    write(json::flush);
    return out.toString();
  }
}
