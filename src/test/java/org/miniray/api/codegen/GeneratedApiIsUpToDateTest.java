package org.miniray.api.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated API sources are committed so that users can read them; this test keeps them
 * equal to what {@link RayCallGenerator} writes now.
 */
class GeneratedApiIsUpToDateTest {
  /** Surefire runs tests in the module's directory. */
  private static final Path SOURCE_ROOT = Path.of("src/main/java");

  @Test
  void committedSourcesEqualTheGeneratorsOutput(@TempDir Path fresh) throws IOException {
    RayCallGenerator.writeTo(fresh);

    List<String> stale = new ArrayList<>();
    for (String file : RayCallGenerator.sources().keySet()) {
      Path committed = SOURCE_ROOT.resolve(file);
      if (!Files.exists(committed)
          || !read(committed).equals(read(fresh.resolve(file)))) {
        stale.add(file);
      }
    }
    assertThat(stale)
        .as("generated API sources differ from RayCallGenerator's output: run `make generate`"
            + " and commit the result")
        .isEmpty();
  }

  @Test
  void noGeneratedSourceIsLeftOverFromAnOlderGenerator() throws IOException {
    Set<String> current = RayCallGenerator.sources().keySet();
    Set<String> leftOver;
    try (Stream<Path> files = Files.walk(SOURCE_ROOT.resolve("org/miniray/api"))) {
      leftOver = files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(GeneratedApiIsUpToDateTest::isGenerated)
          .map(p -> SOURCE_ROOT.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !current.contains(p))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(leftOver)
        .as("these files say they are generated but RayCallGenerator no longer writes them:"
            + " delete them and run `make generate`")
        .isEmpty();
  }

  @Test
  void generatorIsDeterministic() {
    Map<String, String> first = RayCallGenerator.sources();
    assertThat(RayCallGenerator.sources()).containsExactlyEntriesOf(first);
  }

  private static boolean isGenerated(Path file) {
    try {
      return read(file).startsWith(RayCallGenerator.HEADER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  /** Reads a source file; a checkout with Windows line endings is not a difference. */
  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
