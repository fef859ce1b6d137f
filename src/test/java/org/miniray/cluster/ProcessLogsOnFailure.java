package org.miniray.cluster;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the logs of the processes a failed test started: its {@code home} directory (a
 * {@code @TempDir Path home} field, where {@code miniray start} writes {@code logs/}) is deleted
 * after the test, and with it the only record of what the head and the nodes did. On a failure the
 * logs are copied to {@code target/process-logs/CLASS/METHOD/} and the last lines of each are
 * printed beside the failure, so a failure in CI, where only the output survives, can be read.
 * (An after-each callback rather than a {@code TestWatcher}: JUnit deletes a test's temporary
 * directories before it tells the watchers.)
 */
final class ProcessLogsOnFailure implements AfterEachCallback {
  private static final int LAST_LINES = 60;

  @Override
  public void afterEach(ExtensionContext context) {
    Path home = home(context);
    if (context.getExecutionException().isEmpty() || home == null || !Files.isDirectory(home.resolve("logs"))) {
      return;
    }
    Path kept = Path.of("target", "process-logs", context.getRequiredTestClass().getSimpleName(),
        context.getRequiredTestMethod().getName());
    try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
      Files.createDirectories(kept);
      for (Path log : logs.sorted().toList()) {
        Path copy = kept.resolve(log.getFileName());
        Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> lines = Files.readAllLines(copy);
        System.err.printf("--- %s failed; the last %d of %d lines of %s (kept in %s):%n",
            context.getDisplayName(), Math.min(LAST_LINES, lines.size()), lines.size(), log.getFileName(), copy);
        lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()).forEach(System.err::println);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not keep the process logs of " + home + ": " + e);
    }
  }

  /** The test instance's {@code home} field, or null when it has none. */
  private static Path home(ExtensionContext context) {
    Object test = context.getTestInstance().orElse(null);
    if (test == null) {
      return null;
    }
    try {
      Field f = test.getClass().getDeclaredField("home");
      f.setAccessible(true);
      return f.get(test) instanceof Path p ? p : null;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }
}
