package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code on the slides is still the code in the repository. A fenced code block right after a
 * comment {@code <!-- from: path/to/File.java -->} must appear in that file, verbatim up to
 * whitespace; a line {@code ...} (or {@code // ...}) inside the block elides code, and then
 * each piece must appear, in order.
 */
class SlideExcerptsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern EXCERPT = Pattern.compile(
      "<!--\\s*from:\\s*(\\S+)\\s*-->\\s*\\n```[^\\n]*\\n(.*?)\\n```", Pattern.DOTALL);

  record Excerpt(Path deck, String source, String code) {}

  static List<Excerpt> excerpts() throws IOException {
    List<Excerpt> out = new ArrayList<>();
    try (Stream<Path> decks = Files.list(ROOT.resolve("slides"))) {
      for (Path deck : decks.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = EXCERPT.matcher(Files.readString(deck, StandardCharsets.UTF_8));
        while (m.find()) {
          out.add(new Excerpt(deck, m.group(1), m.group(2)));
        }
      }
    }
    return out;
  }

  static String normalized(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  @Test
  void everyExcerptStillAppearsInItsSourceFile() throws IOException {
    List<Excerpt> excerpts = excerpts();
    assertThat(excerpts).as("slide excerpts marked with <!-- from: ... -->").isNotEmpty();
    for (Excerpt e : excerpts) {
      Path source = ROOT.resolve(e.source());
      assertThat(source).as("%s quotes %s, which does not exist", ROOT.relativize(e.deck()), e.source()).exists();
      String text = normalized(Files.readString(source, StandardCharsets.UTF_8));
      int from = 0;
      for (String piece : e.code().split("(?m)^\\s*(//\\s*)?\\.\\.\\.\\s*$")) {
        String p = normalized(piece);
        if (p.isEmpty()) {
          continue;
        }
        int at = text.indexOf(p, from);
        assertThat(at).as("%s quotes %s, but this is no longer in it (in this order):%n%s",
            ROOT.relativize(e.deck()), e.source(), piece.strip()).isGreaterThanOrEqualTo(0);
        from = at + p.length();
      }
    }
  }
}
