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
 * It also writes {@code results.json} beside the grades file, the same results in
 * Gradescope's autograder format ({@link #gradescope}).
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

  /** The tag of a staff grader that is not in the handout ({@code make grade LAB=N HIDDEN=1}). */
  static final String HIDDEN_TAG = "hidden";

  /** One graded test's result. */
  record Result(boolean passed, int points, String part, String test, String name, String why, boolean hidden) {
    /** The test class, the part of the test id before {@code #}. */
    String testClass() {
      int hash = test.indexOf('#');
      return hash < 0 ? test : test.substring(0, hash);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("--repeat")) {
      System.exit(repeated(Path.of(args[1]), args[2]) ? 0 : 1);
    }
    if (args.length != 2) {
      System.err.println("usage: GradeReport <grades file> <lab, e.g. lab2>");
      System.err.println("       GradeReport --repeat <directory of run-<i>-seed-<seed>.tsv> <lab>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    String lab = args[1];
    List<Result> results = Files.exists(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8), lab) : List.of();
    Path log = file.resolveSibling("mvn.log");
    Path json = file.resolveSibling("results.json");
    if (results.isEmpty()) {
      String why = "No graded test of " + lab + " ran: either the code does not compile (see the Maven log, "
          + log + ") or the lab has no graders yet (labs/README.md).";
      Files.writeString(json, gradescope(lab, results, why + compileErrors(log)), StandardCharsets.UTF_8);
      System.out.println(why);
      System.exit(1);
    }
    StringBuilder out = new StringBuilder();
    int[] total = report(results, out);
    Files.writeString(json, gradescope(lab, results, out.toString()), StandardCharsets.UTF_8);
    System.out.print(out);
    System.out.println("The Maven log of this run: " + log + "; for an autograder: " + json);
    System.exit(total[0] == total[1] ? 0 : 1);
  }

  private static final java.util.regex.Pattern RUN_FILE =
      java.util.regex.Pattern.compile("run-(\\d+)-seed-(\\d+)\\.tsv");

  /**
   * The report of {@code make grade LAB=N REPEAT=k}: for each graded test, in how many runs it
   * passed, and for each failure the run, its seed, the first lines of the message and the
   * command that replays that run's seed on that test. Returns whether every run had full marks.
   */
  static boolean repeated(Path dir, String lab) throws IOException {
    List<Path> runs;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      runs = files.filter(f -> RUN_FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
    if (runs.isEmpty()) {
      System.out.println("No run of " + lab + "'s graders wrote results in " + dir + ": see the Maven log, "
          + dir.resolveSibling("mvn.log") + ".");
      return false;
    }
    Map<String, String> names = new java.util.LinkedHashMap<>();
    Map<String, Integer> passes = new TreeMap<>();
    Map<String, List<String>> failures = new TreeMap<>();
    int fullMarks = 0;
    for (Path run : runs) {
      java.util.regex.Matcher m = RUN_FILE.matcher(run.getFileName().toString());
      m.matches();
      int number = Integer.parseInt(m.group(1));
      String seed = m.group(2);
      List<Result> results = parse(Files.readAllLines(run, StandardCharsets.UTF_8), lab);
      boolean full = !results.isEmpty();
      for (Result r : results) {
        names.putIfAbsent(r.test(), r.part() + "  " + r.name());
        passes.merge(r.test(), r.passed() ? 1 : 0, Integer::sum);
        if (!r.passed()) {
          full = false;
          String test = r.test().substring(r.test().lastIndexOf('.') + 1);
          StringBuilder f = new StringBuilder("run " + number + ", seed " + seed + ":\n");
          messageLines(r.why()).stream().limit(6).forEach(l -> f.append("  ").append(l).append('\n'));
          f.append("  replay: make grade LAB=").append(lab.substring(3)).append(" SEED=").append(seed)
              .append(" TEST=").append(test).append('\n');
          failures.computeIfAbsent(r.test(), k -> new ArrayList<>()).add(f.toString());
        }
      }
      fullMarks += full ? 1 : 0;
    }
    System.out.printf("%s: %d runs of the graded tests, %d with full marks (results in %s)%n", lab, runs.size(),
        fullMarks, dir);
    List<Map.Entry<String, String>> byPartAndName = new ArrayList<>(names.entrySet());
    byPartAndName.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, String> t : byPartAndName) {
      int passed = passes.getOrDefault(t.getKey(), 0);
      System.out.printf("  [%d/%d] %s%n", passed, runs.size(), t.getValue());
      for (String f : failures.getOrDefault(t.getKey(), List.of())) {
        System.out.print(f.indent(INDENT.length()));
      }
    }
    return fullMarks == runs.size();
  }

  /** The compiler's errors in the Maven log (an autograder's student sees no log), or nothing. */
  static String compileErrors(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.matches(".*ERROR.*\\.java.*")).limit(20).toList();
    return errors.isEmpty() ? "" : "\n\n" + String.join("\n", errors);
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
      out.add(new Result(f[0].equals("PASS"), Integer.parseInt(f[1]), part, f[3], unescape(f[4]), unescape(f[5]),
          tags.contains(HIDDEN_TAG)));
    }
    return out;
  }

  /** Appends the report to {@code out}; returns {earned, possible}. */
  static int[] report(List<Result> results, StringBuilder out) {
    Map<String, List<Result>> byPart = byPart(results);
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

  /** The results grouped by part, parts in name order but hidden ones last, tests in the order they ran. */
  static Map<String, List<Result>> byPart(List<Result> results) {
    Map<String, List<Result>> byPart = new TreeMap<>(
        java.util.Comparator.comparing((String part) -> part.endsWith("-" + HIDDEN_TAG)).thenComparing(p -> p));
    for (Result r : results) {
      byPart.computeIfAbsent(r.part(), k -> new ArrayList<>()).add(r);
    }
    return byPart;
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

  /**
   * The results in Gradescope's autograder format ("Autograder Specifications" at
   * gradescope-autograders.readthedocs.io): the total {@code score}, the printed report as the
   * submission's {@code output}, and per test its {@code name}, {@code number} (part.test),
   * {@code score}, {@code max_score}, {@code status} and {@code output} (the failure as the
   * report shows it). A hidden grader's result is shown to the student once grades are
   * published. Same points as {@link #report}: both sum the same results.
   */
  static String gradescope(String lab, List<Result> results, String output) {
    Map<String, List<Result>> byPart = byPart(results);
    List<String> tests = new ArrayList<>();
    int earned = 0;
    int partNumber = 0;
    for (Map.Entry<String, List<Result>> part : byPart.entrySet()) {
      partNumber++;
      int testNumber = 0;
      for (Result r : part.getValue()) {
        testNumber++;
        int got = r.passed() ? r.points() : 0;
        earned += got;
        tests.add("    {\"name\": " + json(part.getKey() + ": " + r.name())
            + ", \"number\": " + json(partNumber + "." + testNumber)
            + ", \"score\": " + got + ", \"max_score\": " + r.points()
            + ", \"status\": " + json(r.passed() ? "passed" : "failed")
            + ", \"output\": " + json(r.passed() ? "" : failure(r))
            + ", \"visibility\": " + json(r.hidden() ? "after_published" : "visible") + "}");
      }
    }
    return "{\n  \"score\": " + earned + ",\n  \"output\": " + json(output)
        + ",\n  \"visibility\": \"visible\",\n  \"stdout_visibility\": \"hidden\",\n  \"extra_data\": {\"lab\": "
        + json(lab) + "},\n  \"tests\": [\n" + String.join(",\n", tests) + (tests.isEmpty() ? "" : "\n") + "  ]\n}\n";
  }

  /**
   * {@code s} as a JSON string literal. The runtime's {@code events.JsonWriter} quotes the same
   * way, but this file runs as a single source file, without the project's classes.
   */
  static String json(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
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
