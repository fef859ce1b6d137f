package org.miniray.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/** The two drawing aids the figures use to keep series apart: stacked panels, and a pair drawn overlaid. */
class ChartTest {

  private static Chart chart(String title) {
    Chart c = Chart.lines(title, "x", "y");
    c.series("a", List.of(1, 2, 3), List.of(1.0, 2.0, 3.0));
    return c;
  }

  @Test
  void stackedPanelsAreOneImageAsTallAsAllOfThem(@TempDir Path out) throws Exception {
    BufferedImage one = ImageIO.read(chart("one").save(out.resolve("one.png")).toFile());
    Path both = Chart.saveStacked(out.resolve("both.png"), List.of(chart("top"), chart("bottom")));
    BufferedImage image = ImageIO.read(both.toFile());
    assertThat(image).as("the stacked PNG decodes").isNotNull();
    assertThat(image.getWidth()).as("width").isEqualTo(one.getWidth());
    assertThat(image.getHeight()).as("height of two panels").isEqualTo(2 * one.getHeight());
  }

  @Test
  void noPanelsIsAnError(@TempDir Path out) {
    assertThatThrownBy(() -> Chart.saveStacked(out.resolve("none.png"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no panels");
  }

  @Test
  void anOverlaidPairDiffersInWidthStyleAndMarker() {
    Chart c = Chart.lines("t", "x", "y");
    XYSeries under = c.series("under", List.of(1, 2), List.of(1.0, 2.0));
    XYSeries over = c.series("over", List.of(1, 2), List.of(1.0, 2.0));
    c.overlaid(under, over);
    assertThat(under.getLineWidth()).as("the band under").isGreaterThan(3 * over.getLineWidth());
    assertThat(over.getLineStyle()).as("the line over").isEqualTo(SeriesLines.DASH_DASH);
    assertThat(under.getMarker()).as("two series' markers").isNotEqualTo(over.getMarker());
    assertThat(under.getLineColor().getAlpha()).as("the band is see-through").isLessThan(Color.BLACK.getAlpha());
  }
}
