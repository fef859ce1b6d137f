package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code miniray start --resources JSON}: what a node offers beyond CPUs and GPUs, and the errors a typo gets. */
class StartCommandResourcesTest {

  @Test
  void aJsonObjectOfNumbersBecomesTheNodesCustomResources() {
    assertThat(StartCommand.parseJson("{\"dataset\": 1, \"ssd\": 0.5, \"big\": 2e3}"))
        .containsExactly(Map.entry("dataset", 1.0), Map.entry("ssd", 0.5), Map.entry("big", 2000.0));
    assertThat(StartCommand.parseJson(" { } ")).isEmpty();
  }

  @Test
  void aValueThatIsNotANumberIsNamedInTheError() {
    assertThatThrownBy(() -> StartCommand.parseJson("{\"dataset\": \"one\"}"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("\"dataset\" is \"one\", not a number");
  }

  @Test
  void somethingOtherThanAnObjectIsRefusedWithAnExample() {
    assertThatThrownBy(() -> StartCommand.parseJson("[1, 2]"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("must be a JSON object such as {\"dataset\": 1}");
  }

  @Test
  void brokenJsonIsRefusedWithWhatTheParserSaw() {
    assertThatThrownBy(() -> StartCommand.parseJson("{\"dataset\": 1,"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("--resources is not JSON")
        .hasMessageContaining("{\"dataset\": 1,");
  }
}
