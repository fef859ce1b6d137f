package org.miniray.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code make figures} draws every figure it can from a real run: each implemented figure, in
 * its quick mode, writes a PNG that decodes and a CSV with a header and rows; a pending one is
 * reported as skipped rather than drawn.
 */
class FiguresMainTest {
  @TempDir
  static Path out;
  private static FiguresMain main;
  private static int exitCode;

  @BeforeAll
  static void runAllQuickly() {
    System.setProperty("java.awt.headless", "true");
    main = new FiguresMain();
    exitCode = new CommandLine(main).execute("--quick", "--out", out.toString());
  }

  @Test
  @Timeout(300)
  void everyImplementedFigureWritesADecodablePngAndACsvWithRows() throws Exception {
    assertThat(exitCode).as("exit code of FiguresMain --quick").isZero();
    List<Figure> implemented = Figures.all().stream().filter(f -> !(f instanceof PendingFigure)).toList();
    assertThat(main.outcome().ran()).as("figures that ran")
        .containsExactlyElementsOf(implemented.stream().map(Figure::id).toList());
    for (Figure f : implemented) {
      Path png = out.resolve(f.id() + ".png");
      assertThat(png).as("chart of %s", f.id()).exists();
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as("%s decoded as an image", png.getFileName()).isNotNull();
      assertThat(image.getWidth()).as("width of %s", png.getFileName()).isGreaterThan(100);

      Path csv = out.resolve(f.id() + ".csv");
      List<String> lines;
      try (Stream<String> s = Files.lines(csv)) {
        lines = s.filter(l -> !l.startsWith("#")).toList();
      }
      assertThat(lines.size()).as("%s: a header and at least one measured row", csv.getFileName())
          .isGreaterThanOrEqualTo(2);
      int columns = lines.get(0).split(",").length;
      assertThat(lines.get(1).split(",", -1)).as("first row of %s has as many fields as the header",
          csv.getFileName()).hasSize(columns);
    }
  }

  @Test
  void pendingFiguresAreReportedAsSkippedNotDrawn(@TempDir Path dir) {
    Figure pending = new PendingFigure("fig99", "Fig. 99: a figure that waits for a part", "needs that part");
    FiguresMain withPending = new FiguresMain(List.of(pending));
    assertThat(new CommandLine(withPending).execute("--quick", "--out", dir.toString())).as("exit code").isZero();
    assertThat(withPending.outcome().skipped()).as("figures reported as skipped").containsExactly("fig99");
    assertThat(withPending.outcome().ran()).as("figures that ran").isEmpty();
    assertThat(dir.resolve("fig99.png")).as("a pending figure draws no chart").doesNotExist();
  }

  @Test
  void everyFigureTheIssuesAskForIsMeasured() {
    assertThat(Figures.all().stream().filter(f -> f instanceof PendingFigure).map(Figure::id).toList())
        .as("figures still pending").isEmpty();
    assertThat(Figures.all().stream().map(Figure::id).toList()).as("figures of make figures")
        .contains("fig8a", "fig8b", "fig9", "fig10a", "fig11a", "fig11b", "fig12b");
  }
}
