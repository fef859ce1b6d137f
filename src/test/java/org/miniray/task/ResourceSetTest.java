package org.miniray.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResourceSetTest {

  @Test
  void fractionsAddAndSubtractWithoutDrift() {
    ResourceSet tenth = ResourceSet.of("CPU", 0.1);
    ResourceSet sum = ResourceSet.EMPTY;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(tenth);
    }
    assertThat(sum).isEqualTo(ResourceSet.of("CPU", 1.0));
    for (int i = 0; i < 10; i++) {
      sum = sum.minus(tenth);
    }
    assertThat(sum.isEmpty()).isTrue();
  }

  @Test
  void fitsComparesEveryResourceAndMissingMeansZero() {
    ResourceSet node = ResourceSet.parse("CPU=2,GPU=1");
    assertThat(node.fits(ResourceSet.parse("CPU=2"))).isTrue();
    assertThat(node.fits(ResourceSet.parse("CPU=1,GPU=1"))).isTrue();
    assertThat(node.fits(ResourceSet.parse("CPU=2.5"))).isFalse();
    assertThat(node.fits(ResourceSet.parse("TPU=0.5"))).isFalse();
    assertThat(node.fits(ResourceSet.EMPTY)).isTrue();
  }

  @Test
  void parseAcceptsBothSeparatorsAndNamesWhatIsWrong() {
    assertThat(ResourceSet.parse("CPU:2, custom=0.5").asMap()).isEqualTo(Map.of("CPU", 2.0, "custom", 0.5));
    assertThatThrownBy(() -> ResourceSet.parse("CPU=two")).hasMessageContaining("CPU").hasMessageContaining("two");
    assertThatThrownBy(() -> ResourceSet.parse("GPU")).hasMessageContaining("NAME=AMOUNT");
    assertThatThrownBy(() -> ResourceSet.of("CPU", -1)).hasMessageContaining(">= 0");
  }

  @Test
  void plusAndMinusAddAndTakeAwayEachNamedAmount() {
    String[] names = {"CPU", "GPU", "a", "memory", "z"};
    qt().withFixedSeed(7).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      Map<String, Double> a = randomAmounts(random, names);
      Map<String, Double> b = randomAmounts(random, names);
      ResourceSet x = ResourceSet.of(a);
      ResourceSet y = ResourceSet.of(b);
      assertThat(x.plus(y).asMap()).isEqualTo(expected(a, b, 1));
      assertThat(x.minus(y).asMap()).isEqualTo(expected(a, b, -1));
      assertThat(x.plus(y).minus(y)).isEqualTo(x);
      assertThat(x.minus(x)).isSameAs(ResourceSet.EMPTY);
    });
  }

  private static Map<String, Double> randomAmounts(Random random, String[] names) {
    Map<String, Double> m = new TreeMap<>();
    for (String n : names) {
      if (random.nextBoolean()) {
        m.put(n, random.nextInt(9) / 2.0); // 0 included: a zero amount is no resource
      }
    }
    return m;
  }

  // Name by name, the sum (or difference), without the names that come to zero.
  private static Map<String, Double> expected(Map<String, Double> a, Map<String, Double> b, int sign) {
    Map<String, Double> m = new TreeMap<>();
    a.forEach((n, v) -> m.merge(n, v, Double::sum));
    b.forEach((n, v) -> m.merge(n, sign * v, Double::sum));
    m.values().removeIf(v -> v == 0);
    return m;
  }
}
