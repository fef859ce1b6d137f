package org.miniray.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figure 8a's numbers are read right: which rounds ran beside their input, the medians of each
 * group, and the CSV columns they land in (the issue's "0 of 3" was read from that column).
 */
class Fig8aLocalityTest {

  private static Fig8aLocality.Point point(String policy, double[] ms, boolean[] beside) {
    return new Fig8aLocality.Point(policy, 10_000_000, ms, beside);
  }

  @Test
  void placementsAreCountedAndEachGroupHasItsOwnMedian() {
    Fig8aLocality.Point p = point("random", new double[] {10, 50, 12, 70, 14},
        new boolean[] {true, false, true, false, true});
    assertThat(p.local()).as("rounds beside the input").isEqualTo(3);
    assertThat(p.median()).as("median of all rounds").isEqualTo(14.0);
    assertThat(p.median(true)).as("median of the rounds beside the input").isEqualTo(12.0);
    assertThat(p.median(false)).as("median of the rounds whose input crossed (even count)").isEqualTo(60.0);
    assertThat(p.mean()).as("mean of all rounds").isCloseTo(31.2, within(1e-9));
  }

  @Test
  void aGroupWithNoRoundHasNoMedian() {
    Fig8aLocality.Point p = point("locality", new double[] {5, 7}, new boolean[] {true, true});
    assertThat(p.median(false)).as("median across when no round crossed").isNaN();
  }

  @Test
  void aPointWithoutOnePlacementPerLatencyIsRefused() {
    assertThatThrownBy(() -> point("random", new double[] {1, 2}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 latencies and 1 placements");
  }

  @Test
  void theCsvHasAColumnPerMeasureAndLeavesAnEmptyGroupBlank(@TempDir Path out) throws Exception {
    Fig8aLocality.write(out, List.of(
        point("locality", new double[] {6, 8, 7}, new boolean[] {true, true, true}),
        point("random", new double[] {9, 40, 44}, new boolean[] {true, false, false})), 3, 1, 20);

    List<String> lines = Files.readAllLines(out.resolve("fig8a.csv")).stream()
        .filter(l -> !l.startsWith("#")).toList();
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertThat(header).as("CSV header").containsExactly("policy", "input_bytes", "rounds", "median_ms", "mean_ms",
        "min_ms", "max_ms", "rounds_consumer_beside_input", "median_ms_beside_input", "median_ms_across");
    Map<String, Map<String, String>> rows = lines.subList(1, lines.size()).stream()
        .map(l -> l.split(",", -1))
        .collect(Collectors.toMap(f -> f[0], f -> header.stream().collect(Collectors.toMap(Function.identity(),
            h -> f[header.indexOf(h)]))));
    assertThat(rows.get("locality")).as("locality's row")
        .containsEntry("rounds_consumer_beside_input", "3")
        .containsEntry("median_ms_across", "");
    assertThat(Double.parseDouble(rows.get("locality").get("median_ms_beside_input"))).isEqualTo(7.0);
    assertThat(rows.get("random")).as("random's row").containsEntry("rounds_consumer_beside_input", "1");
    assertThat(Double.parseDouble(rows.get("random").get("median_ms_beside_input"))).isEqualTo(9.0);
    assertThat(Double.parseDouble(rows.get("random").get("median_ms_across"))).isEqualTo(42.0);
    assertThat(out.resolve("fig8a.png")).as("the chart").exists();
  }
}
