package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources with the JDK's compiler inside the test JVM, for the tests that build
 * another version of the code (the handout, a known wrong solution) and grade it with
 * {@link LabRunner}.
 */
final class Javac {
  private Javac() {}

  /** Compiles {@code files} into {@code out}; a compile error fails the calling test with the first ten errors. */
  static void compile(String what, List<Path> files, Path out, List<String> classpath) throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-parameters", "-proc:none", "-nowarn", "-d", out.toString(),
          "-cp", String.join(File.pathSeparator, classpath));
      boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .limit(10)
          .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
          .toList();
      assertThat(ok).as("%s must compile; errors:%n%s", what, String.join("\n", errors)).isTrue();
    }
  }

  /** This JVM's classpath without the reference's own classes (main and test): the libraries. */
  static List<String> libraries() throws URISyntaxException {
    Path main = LabRunner.location(org.miniray.api.Ray.class);
    Path tests = LabRunner.location(Javac.class);
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (!entry.isEmpty() && !p.equals(main) && !p.equals(tests)) {
        out.add(entry);
      }
    }
    return out;
  }
}
