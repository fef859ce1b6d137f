package org.miniray.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources into a directory of classes, as a user's build would: for code that miniray's classpath lacks. */
public final class JavaSources {
  private JavaSources() {}

  /**
   * Writes each source (by its class's full name) under {@code dir}/src and compiles them into
   * {@code dir}/classes against this JVM's classpath; returns the classes directory.
   */
  public static Path compile(Path dir, Map<String, String> sources) {
    try {
      Path src = Files.createDirectories(dir.resolve("src"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
          "-parameters"));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
        args.add(f.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("no Java compiler in this JVM (a JRE, not a JDK?)");
      }
      int rc = javac.run(null, null, null, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("javac failed with " + rc + " on " + sources.keySet());
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
