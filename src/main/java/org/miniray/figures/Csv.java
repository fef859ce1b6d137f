package org.miniray.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows behind a chart: a header, then one line per measured point; {@code #} lines are notes. */
final class Csv {
  private final List<String> lines = new ArrayList<>();

  Csv(String... header) {
    lines.add(String.join(",", header));
  }

  /** A note line ({@code # ...}) above the header, for how the numbers were made. */
  Csv note(String text) {
    lines.add(0, "# " + text.replace('\n', ' '));
    return this;
  }

  Csv row(Object... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      Object v = values[i];
      String s = v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v);
      b.append(s.contains(",") ? '"' + s.replace("\"", "\"\"") + '"' : s);
    }
    lines.add(b.toString());
    return this;
  }

  Path write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, lines);
  }
}
