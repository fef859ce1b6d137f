package org.miniray.labs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a lab's grade from the lines {@code GradeRecorder} wrote during {@code make grade}:
 * each test with its points, a subtotal per part, and the total, as DSLabs does. A failed
 * test shows its whole failure message (expected and actual values, a property's falsifying
 * example), without the stack trace, and the file that holds the rest.
 *
 * <pre>
 *   java src/test/java/org/miniray/labs/GradeReport.java target/grades/lab2/grades.tsv lab2
 * </pre>
 * It uses only the JDK so that it runs as a single source file, without the test classpath.
 * The exit status is 0 for full marks, 1 otherwise (including when no graded test ran, which
 * usually means the code did not compile).
 */
public final class GradeReport {
  private GradeReport() {}

  /** How many lines of a failure message the report shows; the rest is in the surefire report. */
  static final int MESSAGE_LINES = 20;
  static final String INDENT = "                 ";
  /** Where surefire writes each test class's failures with their stack traces, and its output. */
  static final String SUREFIRE_REPORTS = "target/surefire-reports";

  /** One graded test's result. */
  record Result(boolean passed, int points, String part, String test, String name, String why) {
    /** The test class, the part of the test id before {@code #}. */
    String testClass() {
      int hash = test.indexOf('#');
      return hash < 0 ? test : test.substring(0, hash);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GradeReport <grades file> <lab, e.g. lab2>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    String lab = args[1];
    List<Result> results = Files.exists(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8), lab) : List.of();
    Path log = file.resolveSibling("mvn.log");
    if (results.isEmpty()) {
      System.out.println("No graded test of " + lab + " ran: either the code does not compile (see the Maven log, "
          + log + ") or the lab has no graders yet (labs/README.md).");
      System.exit(1);
    }
    StringBuilder out = new StringBuilder();
    int[] total = report(results, out);
    System.out.print(out);
    System.out.println("The Maven log of this run: " + log);
    System.exit(total[0] == total[1] ? 0 : 1);
  }

  static List<Result> parse(List<String> lines, String lab) {
    List<Result> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f.length < 6) {
        continue;
      }
      List<String> tags = List.of(f[2].split(","));
      if (!tags.contains(lab)) {
        continue;
      }
      String part = tags.stream().filter(t -> t.startsWith(lab + "-")).findFirst().orElse(lab);
      out.add(new Result(f[0].equals("PASS"), Integer.parseInt(f[1]), part, f[3], unescape(f[4]), unescape(f[5])));
    }
    return out;
  }

  /** Appends the report to {@code out}; returns {earned, possible}. */
  static int[] report(List<Result> results, StringBuilder out) {
    Map<String, List<Result>> byPart = new TreeMap<>();
    for (Result r : results) {
      byPart.computeIfAbsent(r.part(), k -> new ArrayList<>()).add(r);
    }
    int earned = 0;
    int possible = 0;
    for (Map.Entry<String, List<Result>> part : byPart.entrySet()) {
      out.append(part.getKey()).append('\n');
      int partEarned = 0;
      int partPossible = 0;
      for (Result r : part.getValue()) {
        int got = r.passed() ? r.points() : 0;
        partEarned += got;
        partPossible += r.points();
        String score = got + "/" + r.points();
        out.append(String.format("  [%s] %6s  %s%n", r.passed() ? "PASS" : "FAIL", score, r.name()));
        if (!r.passed()) {
          out.append(failure(r).indent(INDENT.length()));
        }
      }
      out.append(String.format("  %s: %d/%d%n%n", part.getKey(), partEarned, partPossible));
      earned += partEarned;
      possible += partPossible;
    }
    out.append(String.format("Total: %d/%d%n", earned, possible));
    return new int[] {earned, possible};
  }

  /**
   * What a failed test's report says: its message without stack frames, at most
   * {@value #MESSAGE_LINES} lines, then where the full failure and the test's output are.
   */
  static String failure(Result r) {
    List<String> lines = messageLines(r.why());
    StringBuilder s = new StringBuilder();
    lines.stream().limit(MESSAGE_LINES).forEach(l -> s.append(l).append('\n'));
    if (lines.size() > MESSAGE_LINES) {
      s.append("... (").append(lines.size() - MESSAGE_LINES).append(" more lines)\n");
    }
    s.append("full failure: ").append(SUREFIRE_REPORTS).append('/').append(r.testClass()).append(".txt\n");
    s.append("test output:  ").append(SUREFIRE_REPORTS).append('/').append(r.testClass()).append("-output.txt\n");
    return s.toString();
  }

  /**
   * The message's lines without blank lines and stack frames (QuickTheories prints the cause's
   * stack), and of a property's falsification only the smallest example and the seed: the
   * other falsifying examples are in the full failure.
   */
  static List<String> messageLines(String why) {
    List<String> out = new ArrayList<>();
    boolean skippingOthers = false;
    for (String line : why.lines().map(String::stripTrailing).toList()) {
      String t = line.strip();
      if (t.startsWith("Other found falsifying value(s)")) {
        skippingOthers = true;
        out.add("(more falsifying examples in the full failure)");
      } else if (t.startsWith("Seed was")) {
        skippingOthers = false;
      }
      if (!skippingOthers && !t.isEmpty() && !t.matches("at [\\w$.<>/-]+\\(.*\\)|\\.\\.\\. \\d+ more")) {
        out.add(line);
      }
    }
    return out;
  }

  /** Reverses {@code GradeRecorder.clean}: {@code \n}, {@code \t} and {@code \\}. */
  static String unescape(String field) {
    StringBuilder s = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        s.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
