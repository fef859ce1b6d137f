package org.miniray.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact counts of what a process sends and writes (protocol messages by type, GCS log entries by
 * type), for measuring how many of each a task costs. Off unless the JVM is started with
 * {@code -Dminiray.debug.counts=DIR} (a directory) or {@code =true}; then each count is a
 * {@link LongAdder} increment, and when the process exits it writes every count to
 * {@code DIR/counts-PID.txt} (one {@code name=count} a line), or with {@code true} logs them at
 * INFO. Off, a count is one read of a constant, which the JIT folds away.
 */
public final class DebugCounts {
  private static final Logger log = LoggerFactory.getLogger(DebugCounts.class);
  /** Whether counting is on in this JVM. */
  public static final boolean ON = !System.getProperty("miniray.debug.counts", "").isBlank();
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  static {
    if (ON) {
      Runtime.getRuntime().addShutdownHook(DaemonThreads.named("miniray-debug-counts")
          .newThread(DebugCounts::atExit));
    }
  }

  private DebugCounts() {}

  /** Adds one to {@code what}'s count (when counting is on). */
  public static void count(String what) {
    if (ON) {
      COUNTS.computeIfAbsent(what, k -> new LongAdder()).increment();
    }
  }

  /** Adds one to the count of {@code kind}, then {@code name} ({@code "send SUBMIT_FROM_DRIVER"}); nothing is built when off. */
  public static void count(String kind, String name) {
    if (ON) {
      count(kind + " " + name);
    }
  }

  /** Every count so far, by name, in name order. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    COUNTS.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static void atExit() {
    String where = System.getProperty("miniray.debug.counts");
    if (where.equals("true")) {
      logNow("counts at exit");
      return;
    }
    StringBuilder b = new StringBuilder();
    snapshot().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Path file = Path.of(where, "counts-" + ProcessHandle.current().pid() + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.toString());
    } catch (IOException e) {
      log.warn("cannot write the counts to {}: {}", file, e.toString());
    }
  }

  /** Logs every count so far, one line, after {@code title}. */
  public static void logNow(String title) {
    if (ON) {
      log.info("{}: {}", title, snapshot());
    }
  }
}
