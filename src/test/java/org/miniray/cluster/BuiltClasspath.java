package org.miniray.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code target/classes:$(cat target/classpath.txt)}, as the README runs programs and as {@code
 * bin/miniray} needs it. {@code make build} writes the file; a plain {@code mvn test} in a fresh
 * clone does not, so it is written here from this JVM's classpath (the same libraries) when missing.
 */
final class BuiltClasspath {
  private BuiltClasspath() {}

  static synchronized String of(Path repo) throws IOException {
    Path file = repo.resolve("target/classpath.txt");
    if (!Files.exists(file)) {
      Set<String> skip = new HashSet<>(List.of(repo.resolve("target/classes").toString(),
          repo.resolve("target/test-classes").toString()));
      String libraries = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
          .filter(e -> !skip.contains(e)).collect(Collectors.joining(File.pathSeparator));
      Files.writeString(file, libraries);
    }
    return repo.resolve("target/classes") + File.pathSeparator + Files.readString(file).trim();
  }
}
