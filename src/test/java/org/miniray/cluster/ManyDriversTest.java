package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, a failure detector that does not lie: six drivers at once, each its own JVM with 2,000
 * small asynchronous tasks and 200 actor calls, against a head and a node started with the
 * defaults (so eight JVMs share this machine's cores). Every result is right and no live process is
 * declared dead. {@code make stress} runs the ten rounds against the same cluster;
 * {@code make test} one round of a quarter of the tasks and calls. The head's failure detector
 * records how long live nodes went without a heartbeat, and the test prints that summary from the
 * head's log once the cluster stops.
 */
@ExtendWith(ProcessLogsOnFailure.class)
class ManyDriversTest {
  static final int DRIVERS = 6;
  static final int TASKS = 2_000;
  static final int CALLS = 200;

  @TempDir
  static Path home;

  @BeforeAll
  static void start() {
    CliAt.printed(home, 0, "start", "--head", "--port", "0");
    CliAt.printed(home, 0, "start", "--address", CliAt.headAddress(home));
  }

  @AfterAll
  static void stop() {
    CliAt.printed(home, 0, "stop");
    List<String> summary = headLog().filter(l -> l.contains("heartbeat silences seen")).toList();
    if (summary.isEmpty()) {
      System.out.println("the head logged no summary of heartbeat silences; its log ends:");
      List<String> all = headLog().toList();
      all.subList(Math.max(0, all.size() - 20), all.size()).forEach(System.out::println);
    }
    summary.forEach(l -> System.out.println("head: " + l));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void sixDriversAtOnceGetEveryResultRightAndNobodyIsDeclaredDead() throws Exception {
    round(1, TASKS / 4, CALLS / 4);
  }

  @Test
  @Tag("stress")
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void tenRoundsOfSixDrivers() throws Exception {
    for (int r = 1; r <= 10; r++) {
      round(r, TASKS, CALLS);
    }
  }

  private static void round(int r, int tasks, int calls) throws Exception {
    List<Process> drivers = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < DRIVERS; i++) {
      Path out = home.resolve("driver-" + r + "-" + i + ".out");
      outs.add(out);
      drivers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), BusyDriver.class.getName(), CliAt.headAddress(home),
          home.resolve("cluster.token").toString(), Integer.toString(tasks), Integer.toString(calls))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start());
    }
    try {
      for (int i = 0; i < DRIVERS; i++) {
        Process d = drivers.get(i);
        assertThat(d.waitFor(8, TimeUnit.MINUTES)).as("driver %d of round %d finished", i, r).isTrue();
        String printed = Files.readString(outs.get(i));
        assertThat(d.exitValue()).as("exit code of driver %d of round %d, which printed:%n%s", i, r, printed)
            .isZero();
        assertThat(printed).as("driver %d of round %d", i, r).contains("ok");
      }
    } finally {
      drivers.forEach(Process::destroyForcibly);
    }
    System.out.printf("round %d: %d drivers of %d tasks and %d actor calls each, done in %.1f s%n", r, DRIVERS, tasks,
        calls, (System.nanoTime() - start) / 1e9);
    assertThat(headLog().filter(l -> l.contains("marking it dead")).toList())
        .as("processes the head declared dead (none died)").isEmpty();
  }

  private static Stream<String> headLog() {
    try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
      List<String> lines = new ArrayList<>();
      for (Path p : logs.filter(p -> p.getFileName().toString().startsWith("head-")).toList()) {
        lines.addAll(Files.readAllLines(p));
      }
      return lines.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
