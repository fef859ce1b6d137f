package org.miniray.labs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the student copy of the repository: {@code make handout} runs
 * <pre>
 *   java src/test/java/org/miniray/labs/Handout.java . target/handout
 * </pre>
 *
 * <p>The copy holds the files git knows (tracked, plus new files not ignored, so build output
 * never leaks in), except solution-only files: Java files annotated with {@link SolutionOnly}
 * and the paths listed in {@code labs/solution-only.txt}. In every Java file, each region
 * <pre>
 *   // BEGIN SOLUTION(lab2)
 *   // Pick the node with the smallest estimated wait.      (optional: the student's hint)
 *   ...reference code...
 *   // END SOLUTION
 * </pre>
 * becomes a {@code // TODO(lab2): <hint>} line and a statement that throws
 * {@link UnsupportedOperationException}. Regions therefore must be where a {@code throw} is
 * a valid replacement: a whole method body, or the tail of one.
 *
 * <p>This file uses only the JDK so that it runs as a single source file; {@code HandoutTest}
 * calls it directly and checks that the copy compiles and that its graded tests fail.
 */
public final class Handout {
  private Handout() {}

  static final Pattern BEGIN = Pattern.compile("^(\\s*)// BEGIN SOLUTION\\((lab\\d+)\\)\\s*$");
  static final Pattern END = Pattern.compile("^\\s*// END SOLUTION\\s*$");
  static final Pattern SOLUTION_ONLY = Pattern.compile("^\\s*@(org\\.miniray\\.labs\\.)?SolutionOnly\\b.*$",
      Pattern.MULTILINE);
  static final String SOLUTION_ONLY_LIST = "labs/solution-only.txt";
  static final String DEFAULT_HINT = "write this part";

  public static void main(String[] args) throws IOException {
    boolean staff = args.length == 3 && args[0].equals("--staff");
    if (args.length != 2 && !staff) {
      System.err.println("usage: Handout [--staff] <repository root> <output directory>");
      System.err.println("  --staff: the staff copy (solutions, hidden graders), as make autograder packs it");
      System.exit(2);
    }
    Path root = Path.of(args[staff ? 1 : 0]);
    Path out = Path.of(args[staff ? 2 : 1]);
    if (staff) {
      System.out.println("wrote the staff copy (" + writeStaffCopy(root, out) + " files) to " + out);
    } else {
      System.out.println("wrote the handout (" + write(root, out) + " files) to " + out);
    }
  }

  /** Copies the files git knows, unchanged, into {@code out}: the staff copy an autograder runs. */
  public static int writeStaffCopy(Path root, Path out) throws IOException {
    int written = 0;
    for (String path : gitFiles(root)) {
      Path src = root.resolve(path);
      if (Files.isRegularFile(src)) {
        Path dst = out.resolve(path);
        Files.createDirectories(dst.getParent());
        Files.copy(src, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        written++;
      }
    }
    return written;
  }

  /** Writes the handout of the repository at {@code root} into {@code out}; returns the file count. */
  public static int write(Path root, Path out) throws IOException {
    Set<String> solutionOnly = solutionOnlyList(root);
    int written = 0;
    for (String path : gitFiles(root)) {
      Path src = root.resolve(path);
      if (!Files.isRegularFile(src) || isListed(solutionOnly, path) || path.equals(SOLUTION_ONLY_LIST)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(src);
      if (path.endsWith(".java")) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (SOLUTION_ONLY.matcher(text).find()) {
          continue;
        }
        if (text.contains("// BEGIN SOLUTION") || text.contains("// END SOLUTION")) {
          bytes = studentCopy(text, path).getBytes(StandardCharsets.UTF_8);
        }
      }
      Path dst = out.resolve(path);
      Files.createDirectories(dst.getParent());
      Files.write(dst, bytes);
      written++;
    }
    return written;
  }

  /**
   * {@code source} with each solution region replaced by a TODO that throws. Errors (a region
   * not closed, nested, or an END without a BEGIN) name the file and line.
   */
  public static String studentCopy(String source, String fileName) {
    List<String> lines = source.lines().toList();
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      Matcher begin = BEGIN.matcher(line);
      if (END.matcher(line).matches()) {
        throw new IllegalStateException(fileName + ":" + (i + 1) + ": END SOLUTION without a BEGIN SOLUTION");
      }
      if (!begin.matches()) {
        out.append(line).append('\n');
        i++;
        continue;
      }
      String indent = begin.group(1);
      String lab = begin.group(2);
      int start = i;
      int end = -1;
      for (int j = i + 1; j < lines.size() && end < 0; j++) {
        if (BEGIN.matcher(lines.get(j)).matches()) {
          throw new IllegalStateException(fileName + ":" + (j + 1) + ": a solution region inside the one opened at line "
              + (start + 1));
        }
        if (END.matcher(lines.get(j)).matches()) {
          end = j;
        }
      }
      if (end < 0) {
        throw new IllegalStateException(fileName + ":" + (start + 1) + ": solution region never closed by // END SOLUTION");
      }
      String hint = hint(lines.subList(start + 1, end));
      out.append(indent).append("// TODO(").append(lab).append("): ").append(hint).append('\n');
      out.append(indent).append("throw new UnsupportedOperationException(\"TODO(").append(lab).append("): ")
          .append(javaString(hint)).append("\");\n");
      i = end + 1;
    }
    return out.toString();
  }

  /** The region's first line if it is a line comment, else a default. */
  static String hint(List<String> region) {
    for (String line : region) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      return t.startsWith("//") && t.length() > 2 ? t.substring(2).strip() : DEFAULT_HINT;
    }
    return DEFAULT_HINT;
  }

  private static String javaString(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static Set<String> solutionOnlyList(Path root) throws IOException {
    Set<String> out = new HashSet<>();
    Path list = root.resolve(SOLUTION_ONLY_LIST);
    if (Files.exists(list)) {
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** Whether {@code path} is in the list, itself or under a listed directory (a line ending in {@code /}). */
  static boolean isListed(Set<String> list, String path) {
    return list.contains(path) || list.stream().anyMatch(d -> d.endsWith("/") && path.startsWith(d));
  }

  /** Tracked files and new files git does not ignore, relative to {@code root}. */
  static List<String> gitFiles(Path root) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    byte[] listing;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      listing = buf.toByteArray();
    }
    try {
      if (p.waitFor() != 0) {
        throw new IOException("git ls-files failed in " + root + " (is it a git checkout?)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing files", e);
    }
    List<String> files = new ArrayList<>();
    for (String f : new String(listing, StandardCharsets.UTF_8).split("\0")) {
      if (!f.isEmpty()) {
        files.add(f);
      }
    }
    return new ArrayList<>(new java.util.TreeSet<>(files));
  }
}
