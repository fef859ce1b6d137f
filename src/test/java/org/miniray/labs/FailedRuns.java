package org.miniray.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.miniray.api.Ray;
import org.miniray.events.Event;
import org.miniray.events.GraphWriter;
import org.miniray.events.JobGraph;
import org.miniray.events.TraceWriter;
import org.miniray.runtime.MinirayRuntime;

/**
 * Keeps a failing cluster or property grader's run for the student to inspect, as DSLabs keeps
 * the failing trace: while {@code make grade} records a graded test ({@link GradeRecorder} sets
 * the directory, {@code target/grades/labN/<TestClass.method>/}), a failure saves there
 *
 * <ul>
 *   <li>{@code seed.txt}: the seed and the command that replays it ({@link #seed}),
 *   <li>{@code example.txt}: the failing example of a property (the last run that failed, after
 *       shrinking the smallest), or the test's name,
 *   <li>{@code graph.svg}: the job's computation graph ({@code Ray.graph("svg")}, open it in a
 *       browser),
 *   <li>{@code timeline.json}: every node's events as a Chrome trace ({@code Ray.timeline()},
 *       open it in ui.perfetto.dev),
 *   <li>{@code events.txt}: the same events as a log, one line each.
 * </ul>
 * A property test calls {@link #keep(String)} before it shuts its cluster down (lab 3's
 * deterministic mode, which runs no cluster, {@link #keep(String, List)} with its events); a test whose cluster
 * outlives it is kept by {@link GradeRecorder} right after it fails. Without {@code make grade}
 * (no grades file) nothing is written.
 */
public final class FailedRuns {
  private FailedRuns() {}

  private static volatile Path current;

  /** The graded test that runs now keeps its failing run in {@code dir} (null: none). */
  static void setDirectory(Path dir) {
    current = dir;
  }

  /** Where the graded test that runs now keeps its failing run, or null when no grade is recorded. */
  static Path directory() {
    return current;
  }

  /**
   * Saves the running cluster's graph, timeline and events, and {@code example}, for the test
   * that runs now; call it before {@code Ray.shutdown()} when the run failed. Does nothing when
   * no grade is being recorded or no cluster runs.
   */
  public static void keep(String example) {
    Path dir = current;
    if (dir == null || !Ray.isInitialized()) {
      return;
    }
    try {
      write(dir, example, Ray.graph("svg"), Ray.timeline(),
          Ray.internal() instanceof MinirayRuntime runtime ? runtime.cluster().events() : null);
    } catch (IllegalStateException e) { // events are off in this cluster: nothing to draw
      writeQuietly(dir.resolve("example.txt"), example + "\n(no graph or timeline: " + e.getMessage() + ")\n");
    }
  }

  /**
   * Saves a run that is not a cluster's (lab 3's deterministic mode): its graph, timeline and
   * events drawn from {@code events} as {@code Ray.graph} and {@code Ray.timeline} draw a
   * cluster's, and {@code example}.
   */
  public static void keep(String example, List<Event> events) {
    Path dir = current;
    if (dir != null) {
      write(dir, example, GraphWriter.svg(JobGraph.of(events, null)), TraceWriter.write(events), events);
    }
  }

  private static void write(Path dir, String example, String svg, String timeline, List<Event> events) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("example.txt"), example + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("graph.svg"), svg, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("timeline.json"), timeline, StandardCharsets.UTF_8);
      if (events != null) {
        Files.write(dir.resolve("events.txt"), log(events), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the failing run in " + dir, e);
    }
    System.out.println(describe(dir));
  }

  /** Saves the seed of the failing property run and how to replay it. */
  public static void seed(long seed) {
    seed(seed, false);
  }

  /**
   * As {@link #seed(long)}; {@code exact}: the run is deterministic (lab 3's deterministic mode),
   * so the replay repeats it event for event, rather than only its drawn cases.
   */
  public static void seed(long seed, boolean exact) {
    Path dir = current;
    if (dir == null) {
      return;
    }
    String test = dir.getFileName().toString();
    String lab = dir.getParent().getFileName().toString().replaceFirst("^lab", "");
    int dot = test.lastIndexOf('.');
    String replay = "make grade LAB=" + lab + " SEED=" + seed + " TEST=" + test.substring(0, dot) + "#"
        + test.substring(dot + 1);
    writeQuietly(dir.resolve("seed.txt"), "-Dreplay.seed=" + seed + "\nreplay: " + replay + "\n"
        + (exact ? "(a deterministic run: the replay repeats this failure, event for event)\n"
            : "(the seed repeats the drawn cases, not the threads' timing: the replay may fail on another example, or pass)\n"));
  }

  /** The files kept in {@code dir}, as the grade report names them, or an empty string. */
  static String describe(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return "";
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      return names.isEmpty() ? "" : "the failing run is kept in " + dir + "/: " + String.join(", ", names);
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> log(List<Event> events) {
    long start = events.stream().mapToLong(Event::nanos).min().orElse(0);
    return events.stream().map(e -> String.format("%10.3f ms  %-18s %-20s %s%s%s%s",
        (e.nanos() - start) / 1e6, e.node(), e.kind(),
        e.taskName() == null ? "" : e.taskName(),
        e.object() == null ? "" : " object " + e.object(),
        e.peer() == null ? "" : " peer " + e.peer(),
        e.detail() == null ? "" : " (" + e.detail() + ")")).toList();
  }

  private static void writeQuietly(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the failing run in " + file.getParent(), e);
    }
  }
}
