package org.miniray.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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
}
