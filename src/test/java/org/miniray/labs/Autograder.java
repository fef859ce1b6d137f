package org.miniray.labs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Packs one lab's Gradescope autograder, {@code make autograder LAB=N}: the staff copy of the
 * repository (solutions and hidden graders, written by {@code Handout --staff}) with, at the
 * zip's root as Gradescope requires, {@code setup.sh} and {@code run_autograder} from
 * {@code labs/autograder/}, {@code lab.txt} (the lab's number) and {@code lab-files.txt} (the
 * files holding the lab's solution regions: the ones taken from the student's submission).
 *
 * <pre>
 *   java src/test/java/org/miniray/labs/Autograder.java target/autograder/lab2 2 target/autograder/lab2.zip
 * </pre>
 * It uses only the JDK so that it runs as a single source file; the zip keeps the scripts'
 * execute bits (the JDK's zip file system with POSIX attributes).
 */
public final class Autograder {
  private Autograder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !args[1].matches("\\d+")) {
      System.err.println("usage: Autograder <staff copy> <lab number> <zip>");
      System.exit(2);
    }
    Path copy = Path.of(args[0]);
    String lab = "lab" + args[1];
    List<String> files = labFiles(copy, lab);
    if (files.isEmpty()) {
      System.err.println("no file of " + copy.resolve("src/main/java") + " has a // BEGIN SOLUTION(" + lab
          + ") region: is " + args[1] + " a lab number (labs/README.md)?");
      System.exit(2);
    }
    Files.writeString(copy.resolve("lab.txt"), args[1] + "\n", StandardCharsets.UTF_8);
    Files.write(copy.resolve("lab-files.txt"), files, StandardCharsets.UTF_8);
    for (String script : List.of("setup.sh", "run_autograder")) {
      Path dst = copy.resolve(script);
      Files.copy(copy.resolve("labs/autograder").resolve(script), dst, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path zip = Path.of(args[2]).toAbsolutePath();
    Files.deleteIfExists(zip);
    int n = zip(copy, zip);
    System.out.println("wrote " + zip.getFileName() + " (" + n + " files; " + lab + "'s student files: "
        + String.join(", ", files) + ")");
  }

  /** The files under src/main/java with a solution region of {@code lab}, relative to {@code copy}. */
  static List<String> labFiles(Path copy, String lab) throws IOException {
    Pattern region = Pattern.compile("(?m)^\\s*// BEGIN SOLUTION\\(" + lab + "\\)\\s*$");
    try (Stream<Path> s = Files.walk(copy.resolve("src/main/java"))) {
      return s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> {
            try {
              return region.matcher(Files.readString(p, StandardCharsets.UTF_8)).find();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(p -> copy.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static int zip(Path dir, Path zip) throws IOException {
    int n = 0;
    Map<String, String> env = Map.of("create", "true", "enablePosixFileAttributes", "true");
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), env);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path dst = fs.getPath("/" + dir.relativize(f).toString().replace('\\', '/'));
        if (dst.getParent() != null) {
          Files.createDirectories(dst.getParent());
        }
        Files.copy(f, dst);
        Files.setPosixFilePermissions(dst, Files.getPosixFilePermissions(f));
        n++;
      }
    }
    return n;
  }
}
