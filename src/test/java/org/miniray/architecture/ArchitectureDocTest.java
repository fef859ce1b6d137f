package org.miniray.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md stays true as the code changes (issue 16): every class it names in code
 * font ({@code `TaskExecutor`}, {@code `objectstore.ObjectManager`}) is a class, record,
 * interface or enum of the project, and every member it names ({@code `Node.kill`}, {@code
 * `Gcs#taskTable`}) appears in that class's source. Names of the JDK, Netty, ZooKeeper and Ray
 * that the document cites for comparison are listed here, a JDK class named in full must load;
 * enum constants (all capitals) are not
 * checked.
 */
class ArchitectureDocTest {
  private static final Path DOC = Path.of("docs/ARCHITECTURE.md");
  private static final Set<String> CITED_FROM_ELSEWHERE = Set.of(
      "Error", "PriorityQueue", "SerializedLambda", // the JDK
      "HttpObjectAggregator", "HttpServerCodec", "ChunkedNioFile", // Netty
      "ZooDefs", // ZooKeeper
      "JobID"); // Ray's own class
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern NAME =
      Pattern.compile("(?:[a-z]+\\.)*([A-Z][A-Za-z0-9]*)(?:[.#]([a-zA-Z_][A-Za-z0-9_]*)(?:\\(.*\\))?)?");

  @Test
  void everyClassAndMemberTheDocumentNamesExists() throws IOException {
    Map<String, StringBuilder> sourceOf = sourcesByTypeName();
    Set<String> missing = new TreeSet<>();
    Matcher code = CODE.matcher(Files.readString(DOC));
    int checked = 0;
    while (code.find()) {
      Matcher name = NAME.matcher(code.group(1));
      if (!name.matches() || name.group(1).equals(name.group(1).toUpperCase())
          || CITED_FROM_ELSEWHERE.contains(name.group(1))) {
        continue;
      }
      checked++;
      if (code.group(1).startsWith("java.")) { // a JDK class by its full name: it must load
        if (!jdkClassExists(code.group(1))) {
          missing.add(code.group(1) + " (no such JDK class)");
        }
        continue;
      }
      StringBuilder source = sourceOf.get(name.group(1));
      if (source == null) {
        missing.add(code.group(1) + " (no such type)");
      } else if (name.group(2) != null && !name.group(2).equals(name.group(2).toUpperCase())
          && !Pattern.compile("\\b" + name.group(2) + "\\b").matcher(source).find()) {
        missing.add(code.group(1) + " (no such member)");
      }
    }
    assertThat(checked).as("names checked in %s", DOC).isGreaterThan(100);
    assertThat(missing).as("names in %s that the code does not have: rename them in the document", DOC).isEmpty();
  }

  private static boolean jdkClassExists(String name) {
    String type = name.replaceAll("[.#][a-z][A-Za-z0-9_]*(\\(.*\\))?$", "");
    try {
      Class.forName(type, false, ArchitectureDocTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  // Every type declared anywhere in src/main/java or src/test/java (nested ones too), with the
  // source of the file that declares it.
  private static Map<String, StringBuilder> sourcesByTypeName() throws IOException {
    Pattern declared = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z][A-Za-z0-9]*)");
    Map<String, StringBuilder> sources = new HashMap<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          String text = Files.readString(f);
          Matcher m = declared.matcher(text);
          while (m.find()) {
            sources.computeIfAbsent(m.group(1), k -> new StringBuilder()).append(text);
          }
        }
      }
    }
    return sources;
  }
}
