package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One known wrong solution, a file of {@code labs/staff/wrong/labN}: its name, what is wrong,
 * the graders that must notice, the files its diff changes. {@link WrongSolutionsTest} grades
 * each; {@code ReplayDeterminismTest} replays one's failure per lab with a deterministic mode.
 */
@SolutionOnly
record WrongSolution(Path patch, String name, String why, List<String> graders, List<String> files) {
  static final Path DIRECTORY = Path.of("labs/staff/wrong");

  static WrongSolution read(Path patch) throws IOException {
    List<String> lines = Files.readAllLines(patch, StandardCharsets.UTF_8);
    StringBuilder why = new StringBuilder();
    List<String> graders = new ArrayList<>();
    List<String> files = new ArrayList<>();
    boolean inDiff = false;
    for (String l : lines) {
      inDiff |= l.startsWith("diff --git ");
      if (!inDiff && l.startsWith("Fails: ")) {
        graders.add(l.substring("Fails: ".length()).strip());
      } else if (!inDiff && !l.isBlank()) {
        why.append(why.length() == 0 ? "" : " ").append(l.strip());
      } else if (l.startsWith("+++ b/")) {
        files.add(l.substring("+++ b/".length()).strip());
      }
    }
    String name = patch.getFileName().toString().replaceFirst("\\.patch$", "");
    assertThat(graders).as("%s names the graders that fail it (Fails: lines)", patch).isNotEmpty();
    assertThat(files).as("%s holds a diff", patch).isNotEmpty();
    return new WrongSolution(patch, name, why.toString(), graders, files);
  }

  /**
   * The wrong solution's classes, compiled under {@code work}: the files its diff touches, copied
   * from the reference (found by file name, so a file that moved still applies), patched with
   * {@code git apply} and compiled against the reference. Put them before the reference's main
   * classes ({@link LabRunner}) to grade them.
   */
  List<Path> compile(Path work) throws Exception {
    Path dir = work.resolve(name);
    Path src = dir.resolve("src");
    List<Path> sources = new ArrayList<>();
    for (String file : files) {
      Path dst = src.resolve(file);
      Files.createDirectories(dst.getParent());
      Files.copy(findInReference(file), dst);
      sources.add(dst);
    }
    Process git = new ProcessBuilder("git", "apply", "--unsafe-paths", patch.toAbsolutePath().toString())
        .directory(src.toFile()).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor()).as("git apply %s: %s (has the reference changed under the patch?)", patch, out)
        .isZero();
    Path classes = dir.resolve("classes");
    List<String> classpath = new ArrayList<>(Javac.libraries());
    classpath.add(0, LabRunner.location(org.miniray.api.Ray.class).toString());
    Javac.compile(patch.toString(), sources, classes, classpath);
    return List.of(classes);
  }

  /** The reference's file at {@code path}, or the one file of that name elsewhere in the tree (it moved). */
  private static Path findInReference(String path) throws IOException {
    Path p = Path.of(path);
    if (Files.isRegularFile(p)) {
      return p;
    }
    try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
      List<Path> found = s.filter(f -> f.getFileName().equals(p.getFileName())).toList();
      assertThat(found).as("the reference's %s (the patch's %s)", p.getFileName(), path).hasSize(1);
      return found.get(0);
    }
  }
}
