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
 * each test with its points, a subtotal per part, and the total, as DSLabs does.
 *
 * <pre>
 *   java src/test/java/org/miniray/labs/GradeReport.java target/grades/lab2.tsv lab2
 * </pre>
 * It uses only the JDK so that it runs as a single source file, without the test classpath.
 * The exit status is 0 for full marks, 1 otherwise (including when no graded test ran, which
 * usually means the code did not compile).
 */
public final class GradeReport {
  private GradeReport() {}

  /** One graded test's result. */
  record Result(boolean passed, int points, String part, String test, String name, String why) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GradeReport <grades file> <lab, e.g. lab2>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    String lab = args[1];
    List<Result> results = Files.exists(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8), lab) : List.of();
    if (results.isEmpty()) {
      System.out.println("No graded test of " + lab + " ran: either the code does not compile (see the Maven log, "
          + "target/grades/mvn.log) or the lab has no graders yet (labs/README.md).");
      System.exit(1);
    }
    int[] total = report(results);
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
      out.add(new Result(f[0].equals("PASS"), Integer.parseInt(f[1]), part, f[3], f[4], f[5]));
    }
    return out;
  }

  /** Prints the report; returns {earned, possible}. */
  static int[] report(List<Result> results) {
    Map<String, List<Result>> byPart = new TreeMap<>();
    for (Result r : results) {
      byPart.computeIfAbsent(r.part(), k -> new ArrayList<>()).add(r);
    }
    int earned = 0;
    int possible = 0;
    for (Map.Entry<String, List<Result>> part : byPart.entrySet()) {
      System.out.println(part.getKey());
      int partEarned = 0;
      int partPossible = 0;
      for (Result r : part.getValue()) {
        int got = r.passed() ? r.points() : 0;
        partEarned += got;
        partPossible += r.points();
        String score = got + "/" + r.points();
        System.out.printf("  [%s] %6s  %s%n", r.passed() ? "PASS" : "FAIL", score, r.name());
        if (!r.passed() && !r.why().isEmpty()) {
          System.out.printf("                 %s%n", shorten(r.why(), 150));
        }
      }
      System.out.printf("  %s: %d/%d%n%n", part.getKey(), partEarned, partPossible);
      earned += partEarned;
      possible += partPossible;
    }
    System.out.printf("Total: %d/%d%n", earned, possible);
    return new int[] {earned, possible};
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
