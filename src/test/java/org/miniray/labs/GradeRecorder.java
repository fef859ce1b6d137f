package org.miniray.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Writes one line per graded test (a test with a {@code labN} tag) to the file named by the
 * system property {@value #FILE_PROPERTY}, for {@code GradeReport} to print after the run;
 * without the property it does nothing, so graded tests run in {@code make test} like any
 * other. Registered by {@link Points}.
 *
 * <p>A line is tab-separated: {@code PASS|FAIL, points, tags, test id, display name, reason};
 * the reason is the whole failure message with its line breaks escaped as {@code \\n}.
 * When a whole class fails before its tests run (a {@code @BeforeAll} that throws), each of
 * its tests is written as failed with that reason, so no test's points silently vanish.
 */
public final class GradeRecorder implements TestWatcher, AfterAllCallback, BeforeTestExecutionCallback,
    AfterTestExecutionCallback {
  public static final String FILE_PROPERTY = "labs.grades.file";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GradeRecorder.class);

  /** A graded test about to run keeps a failing run in {@code target/grades/labN/<Class.method>/} ({@link FailedRuns}). */
  @Override
  public void beforeTestExecution(ExtensionContext ctx) {
    String file = System.getProperty(FILE_PROPERTY);
    String lab = ctx.getTags().stream().filter(t -> t.matches("lab\\d+")).findFirst().orElse(null);
    if (file == null || file.isBlank() || lab == null) {
      FailedRuns.setDirectory(null);
      return;
    }
    Path grades = Path.of(file).toAbsolutePath();
    String name = grades.getFileName().toString();
    // make grade writes grades.tsv; a REPEAT run writes run-<i>-seed-<seed>.tsv beside the others
    Path base = name.equals("grades.tsv") ? grades.getParent() : grades.getParent().resolve(name.replaceFirst("\\.tsv$", ""));
    Path dir = base.resolve(ctx.getRequiredTestClass().getSimpleName() + "." + ctx.getRequiredTestMethod().getName());
    FailedRuns.setDirectory(Path.of("").toAbsolutePath().relativize(dir));
  }

  /** Before {@code @AfterEach} shuts a test's cluster down: a failed graded test keeps the run. */
  @Override
  public void afterTestExecution(ExtensionContext ctx) {
    if (ctx.getExecutionException().isPresent()) {
      FailedRuns.keep(ctx.getDisplayName());
    }
  }

  @Override
  public void testSuccessful(ExtensionContext ctx) {
    record(ctx, ctx.getRequiredTestMethod(), ctx.getDisplayName(), "PASS", "");
  }

  @Override
  public void testFailed(ExtensionContext ctx, Throwable cause) {
    String kept = FailedRuns.describe(FailedRuns.directory());
    record(ctx, ctx.getRequiredTestMethod(), ctx.getDisplayName(), "FAIL",
        describe(cause) + (kept.isEmpty() ? "" : "\n" + kept));
  }

  @Override
  public void testAborted(ExtensionContext ctx, Throwable cause) {
    record(ctx, ctx.getRequiredTestMethod(), ctx.getDisplayName(), "FAIL", "aborted: " + describe(cause));
  }

  @Override
  public void testDisabled(ExtensionContext ctx, Optional<String> reason) {
    record(ctx, ctx.getRequiredTestMethod(), ctx.getDisplayName(), "FAIL", "disabled");
  }

  @Override
  public void afterAll(ExtensionContext classCtx) {
    Optional<Throwable> failure = classCtx.getExecutionException();
    if (failure.isEmpty()) {
      return;
    }
    Set<String> seen = recorded(classCtx);
    List<Method> tests = AnnotationSupport.findAnnotatedMethods(classCtx.getRequiredTestClass(), Test.class,
        HierarchyTraversalMode.TOP_DOWN);
    for (Method m : tests) {
      if (!seen.contains(m.getName())) {
        String name = AnnotationSupport.findAnnotation(m, DisplayName.class).map(DisplayName::value)
            .orElse(m.getName() + "()");
        record(classCtx, m, name, "FAIL", "did not run: " + describe(failure.get()));
      }
    }
  }

  private static void record(ExtensionContext ctx, Method method, String displayName, String status, String why) {
    String file = System.getProperty(FILE_PROPERTY);
    Set<String> tags = new TreeSet<>(ctx.getTags());
    if (file == null || file.isBlank() || tags.stream().noneMatch(t -> t.matches("lab\\d+"))) {
      return;
    }
    Class<?> testClass = ctx.getRequiredTestClass();
    recorded(ctx.getTestMethod().isPresent() ? ctx.getParent().orElseThrow() : ctx).add(method.getName());
    int points = AnnotationSupport.findAnnotation(method, Points.class)
        .or(() -> AnnotationSupport.findAnnotation(testClass, Points.class))
        .map(Points::value).orElse(0);
    String line = String.join("\t", status, Integer.toString(points), String.join(",", tags),
        testClass.getName() + "#" + method.getName(), clean(readable(displayName)), clean(why)) + "\n";
    append(Path.of(file), line);
  }

  private static synchronized void append(Path file, String line) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the grade file " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> recorded(ExtensionContext classCtx) {
    return classCtx.getStore(NS).getOrComputeIfAbsent("recorded", k -> new HashSet<String>(), Set.class);
  }

  /** {@code "prefersIdleNode()"} becomes {@code "prefers idle node"}; a real display name stays. */
  static String readable(String displayName) {
    if (!displayName.endsWith("()")) {
      return displayName;
    }
    String name = displayName.substring(0, displayName.length() - 2);
    return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The exception's class and its whole message: expected and actual values, a property's
   * falsifying example and its seed are often on the lines after the first. The report
   * decides how much of it to show; the stack trace stays in the surefire report.
   */
  static String describe(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** One TSV field: a backslash, tab or line break is escaped ({@code GradeReport.unescape} reverses it). */
  static String clean(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r\n", "\n").replace("\r", "\n")
        .replace("\n", "\\n");
  }
}
