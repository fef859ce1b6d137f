package org.miniray.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinirayConfigTest {

  /** A tiny component with two built-ins, to test selection without a real component. */
  public interface Greeter {
    String greet();
  }

  public static final class Loud implements Greeter {
    public Loud() {}

    @Override
    public String greet() {
      return "HELLO";
    }
  }

  public static final class Configured implements Greeter {
    private final int nodes;

    public Configured(MinirayConfig c) {
      nodes = c.get(Keys.NODES);
    }

    @Override
    public String greet() {
      return "nodes=" + nodes;
    }
  }

  private static final ConfigKey<String> GREETER = ConfigKey.string("miniray.gcs", "quiet", "test");

  private static ComponentSelector<Greeter> selector() {
    return new ComponentSelector<>(Greeter.class, GREETER)
        .builtIn("quiet", c -> () -> "hello")
        .builtIn("polite", c -> () -> "good day");
  }

  @Test
  void everyKeyHasAWorkingDefault() {
    MinirayConfig c = MinirayConfig.defaults();
    for (ConfigKey<?> k : Keys.ALL) {
      assertThat((Object) c.get(k)).as(k.name()).isNotNull();
    }
    assertThat(c.get(Keys.NODES)).isEqualTo(1);
  }

  @Test
  void aBadHeadRetryTimeoutIsAnErrorNamingTheKey() {
    assertThat(MinirayConfig.defaults().get(Keys.HEAD_RETRY_TIMEOUT_MS)).isEqualTo(60_000L);
    for (String bad : new String[] {"-1", "a minute"}) {
      assertThatThrownBy(() -> MinirayConfig.of(Map.of("miniray.head.retry.timeout.ms", bad)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("miniray.head.retry.timeout.ms")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void valuesFromCodeWinOverSystemProperties() {
    System.setProperty("miniray.nodes", "5");
    try {
      assertThat(MinirayConfig.load(Map.of()).get(Keys.NODES)).isEqualTo(5);
      assertThat(MinirayConfig.load(Map.of("miniray.nodes", "2")).get(Keys.NODES)).isEqualTo(2);
    } finally {
      System.clearProperty("miniray.nodes");
    }
  }

  @Test
  void misspeltKeyIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> MinirayConfig.of(Map.of("miniray.scheduler.polcy", "random")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("miniray.scheduler.polcy").hasMessageContaining("miniray.scheduler.policy");
  }

  @Test
  void badValueIsAnErrorNamingKeyValueAndRule() {
    assertThatThrownBy(() -> MinirayConfig.of(Map.of("miniray.nodes", "zero")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("miniray.nodes").hasMessageContaining("zero").hasMessageContaining("whole number");
    assertThatThrownBy(() -> MinirayConfig.of(Map.of("miniray.nodes", "0")))
        .hasMessageContaining(">= 1");
  }

  @Test
  void perNodeResourceKeysAreAccepted() {
    MinirayConfig c = MinirayConfig.of(Map.of("miniray.node.3.resources", "GPU=1"));
    assertThat(c.raw("miniray.node.3.resources")).isEqualTo("GPU=1");
  }

  @Test
  void componentIsChosenByBuiltInName() {
    MinirayConfig c = MinirayConfig.defaults();
    assertThat(selector().create("polite", c).greet()).isEqualTo("good day");
    assertThat(selector().create(c).greet()).isEqualTo("hello");
  }

  @Test
  void componentIsChosenByClassName() {
    MinirayConfig c = MinirayConfig.of(Map.of("miniray.nodes", "3"));
    assertThat(selector().create(Loud.class.getName(), c).greet()).isEqualTo("HELLO");
    assertThat(selector().create(Configured.class.getName(), c).greet()).isEqualTo("nodes=3");
  }

  @Test
  void unknownComponentNameListsTheBuiltIns() {
    MinirayConfig c = MinirayConfig.defaults();
    assertThatThrownBy(() -> selector().create("shouty", c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'shouty'").hasMessageContaining("quiet, polite");
    assertThatThrownBy(() -> selector().create("com.example.Missing", c))
        .hasMessageContaining("no class of that name");
    assertThatThrownBy(() -> selector().create(String.class.getName(), c))
        .hasMessageContaining("does not implement");
    assertThat(selector().builtInNames()).containsExactlyElementsOf(List.of("quiet", "polite"));
  }
}
