package org.miniray.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
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

  /** Marker shapes in series order, so two series drawn one over the other still show both shapes. */
  private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
      SeriesMarkers.TRIANGLE_UP, SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS};

  /** A line with a marker at each measured point, each series its own marker shape. */
  XYSeries series(String name, List<? extends Number> x, List<? extends Number> y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(MARKERS[(chart.getSeriesMap().size() - 1) % MARKERS.length]);
    return s;
  }

  /**
   * Draws {@code under} as a wide pale band and {@code over} as a dashed line on top: for two
   * series that coincide, so that the reader sees both rather than only the one drawn last.
   */
  Chart overlaid(XYSeries under, XYSeries over) {
    // Colours are assigned when the chart is drawn; take the one the theme will give this series.
    int index = List.copyOf(chart.getSeriesMap().values()).indexOf(under);
    Color[] theme = chart.getStyler().getSeriesColors();
    Color c = under.getLineColor() != null ? under.getLineColor() : theme[Math.max(0, index) % theme.length];
    under.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
    under.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
    under.setLineWidth(9f);
    over.setLineStyle(SeriesLines.DASH_DASH);
    over.setLineWidth(2f);
    return this;
  }

  /** Lines of text in a panel near the plot's top left corner (how the numbers were made). */
  Chart notes(String... lines) {
    // Screen coordinates count up from the bottom left; this lands below the title, right of the axis.
    chart.addAnnotation(new AnnotationTextPanel(String.join("\n", lines), 90, HEIGHT - 60 - 16 * lines.length, true));
    return this;
  }

  Path save(Path file) throws IOException {
    wholeDecades();
    Files.createDirectories(file.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /**
   * A log axis labels only powers of ten: data between 12 and 60 would show no number at all.
   * Widen a log y axis to the decades around the data (unless a figure set its own range), which
   * also leaves the notes panel at the top an empty decade's room.
   */
  private void wholeDecades() {
    var styler = chart.getStyler();
    if (!styler.isYAxisLogarithmic() || styler.getYAxisMin() != null || styler.getYAxisMax() != null) {
      return;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (XYSeries s : chart.getSeriesMap().values()) {
      for (double y : s.getYData()) {
        if (y > 0 && Double.isFinite(y)) {
          min = Math.min(min, y);
          max = Math.max(max, y);
        }
      }
    }
    if (max > 0) {
      styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
      styler.setYAxisMax(Math.pow(10, Math.floor(Math.log10(max)) + 1));
    }
  }

  /** Panels one above the other in one PNG, as the paper's multi-panel figures. */
  static Path saveStacked(Path file, List<Chart> panels) throws IOException {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("no panels to save into " + file.getFileName());
    }
    panels.forEach(Chart::wholeDecades);
    List<BufferedImage> images = panels.stream().map(p -> BitmapEncoder.getBufferedImage(p.chart)).toList();
    int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
    int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
    BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int y = 0;
      for (BufferedImage i : images) {
        g.drawImage(i, 0, y, null);
        y += i.getHeight();
      }
    } finally {
      g.dispose();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(all, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + file.getFileName());
    }
    return file;
  }
}
