package org.miniray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.Ray;

/** The demo applications give right answers (make run prints the same checks at full size). */
class ExamplesTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void parallelSortSortsLikeArraysSort() {
    int[] data = ParallelSort.randomInput(200_001, 3);
    int[] expected = data.clone();
    Arrays.sort(expected);
    assertThat(ParallelSort.sort(data, 7)).isEqualTo(expected);
    assertThat(ParallelSort.sort(new int[0], 4)).isEmpty();
  }

  @Test
  void parameterServerTrainingReducesTheLoss() {
    List<Double> losses = ParameterServer.train(30, 500, 10);
    assertThat(losses).hasSize(30);
    assertThat(losses.get(29)).isLessThan(losses.get(0) / 10);
  }
}
