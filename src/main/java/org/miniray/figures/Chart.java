package org.miniray.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart line charts as the figures draw them: titled with the paper figure, notes in a panel, saved as PNG. */
final class Chart {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 640;
  private final XYChart chart;

  private Chart(XYChart chart) {
    this.chart = chart;
  }

  static Chart lines(String title, String xTitle, String yTitle) {
    // Charts are drawn off-screen; without this a machine with no display fails.
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(15f));
    return new Chart(c);
  }

  Chart logX() {
    chart.getStyler().setXAxisLogarithmic(true);
    return this;
  }

  Chart logY() {
    chart.getStyler().setYAxisLogarithmic(true);
    return this;
  }

  XYChart xchart() {
    return chart;
  }

  /** A line with a marker at each measured point. */
  XYSeries series(String name, List<? extends Number> x, List<? extends Number> y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  /** Lines of text in a panel near the plot's top left corner (how the numbers were made). */
  Chart notes(String... lines) {
    // Screen coordinates count up from the bottom left; this lands below the title, right of the axis.
    chart.addAnnotation(new AnnotationTextPanel(String.join("\n", lines), 90, HEIGHT - 60 - 16 * lines.length, true));
    return this;
  }

  Path save(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
