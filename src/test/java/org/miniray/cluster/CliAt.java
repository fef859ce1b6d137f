package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.TestingCluster;
import org.miniray.api.Ray;

/** Runs the {@code miniray} command line in this JVM against one home directory, as the cluster tests do. */
final class CliAt {
  private CliAt() {}

  /** {@code miniray --home HOME ARGS...}; returns its exit code. */
  static int run(Path home, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  /** The address of the head started from {@code home}, as {@code miniray start --head} wrote it. */
  static String headAddress(Path home) {
    try {
      return Files.readString(home.resolve("head.address")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("no head was started from " + home, e);
    }
  }

  /**
   * Starts a head, {@code miniray start --head --port 0 ARGS...}, and returns the command that starts
   * it again on the port it took: what a head killed and started again with the same command runs.
   */
  static String[] startHead(Path home, String... args) {
    String[] command = new String[args.length + 4];
    System.arraycopy(new String[] {"start", "--head", "--port", "0"}, 0, command, 0, 4);
    System.arraycopy(args, 0, command, 4, args.length);
    printed(home, 0, command);
    String head = headAddress(home);
    command[3] = head.substring(head.lastIndexOf(':') + 1);
    return command;
  }

  /** What a driver of the head started from {@code home} gives {@code Ray.init}: its address and token file. */
  static Map<String, String> driverConfig(Path home) {
    return Map.of("miniray.address", headAddress(home), "miniray.cluster.token.file",
        home.resolve("cluster.token").toString());
  }

  /**
   * {@code miniray --home HOME ARGS...}: checks its exit code and returns what it printed (with
   * the log it names, when it failed).
   */
  static String printed(Path home, int expectedExit, String... args) {
    PrintStream before = System.out;
    PrintStream beforeErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int code;
    try {
      code = run(home, args);
    } finally {
      System.setOut(before);
      System.setErr(beforeErr);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    Matcher log = Pattern.compile("see (\\S+\\.log)").matcher(text);
    if (code != expectedExit && log.find()) {
      try {
        text += "\n--- " + log.group(1) + ":\n" + Files.readString(Path.of(log.group(1)));
      } catch (IOException e) {
        text += "\n(could not read " + log.group(1) + ": " + e + ")";
      }
    }
    assertThat(code).as("exit code of miniray %s; it printed: %s", String.join(" ", args), text)
        .isEqualTo(expectedExit);
    return text;
  }

  /** The pids of the processes started from {@code home}, in the order they started (the head first). */
  static List<Long> pids(Path home) throws IOException {
    return Files.readAllLines(home.resolve("processes")).stream().map(String::trim).map(Long::parseLong).toList();
  }

  /** Kills process {@code pid} with SIGKILL and waits until it is gone. */
  static void kill(long pid) throws Exception {
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
    p.destroyForcibly();
    p.onExit().get(30, TimeUnit.SECONDS);
  }

  /** After a test: ends this JVM's driver, then stops the processes started from {@code home}, then {@code ensemble} (if any). */
  static void stopAll(Path home, TestingCluster ensemble) throws Exception {
    try {
      Ray.shutdown();
    } finally {
      run(home, "stop");
      if (ensemble != null) {
        ensemble.close();
      }
    }
  }
}
