package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.config.ConfigException;
import org.miniray.config.MinirayConfig;

class SchedulingPoliciesTest {
  private static final Map<String, Class<? extends SchedulingPolicy>> BUILT_INS = new LinkedHashMap<>();

  static {
    BUILT_INS.put("paper", PaperSchedulingPolicy.class);
    BUILT_INS.put("random", RandomSchedulingPolicy.class);
    BUILT_INS.put("round-robin", RoundRobinSchedulingPolicy.class);
    BUILT_INS.put("least-loaded", LeastLoadedSchedulingPolicy.class);
    BUILT_INS.put("locality", LocalitySchedulingPolicy.class);
    BUILT_INS.put("power-of-two", PowerOfTwoSchedulingPolicy.class);
  }

  @Test
  void createsEachBuiltInByName() {
    assertThat(SchedulingPolicies.selector().builtInNames()).containsExactlyElementsOf(BUILT_INS.keySet());
    BUILT_INS.forEach((name, type) -> assertThat(SchedulingPolicies.selector()
        .create(MinirayConfig.of(Map.of("miniray.scheduler.policy", name))))
        .as("miniray.scheduler.policy = %s", name)
        .isExactlyInstanceOf(type));
  }

  @Test
  void thePapersPolicyIsTheDefault() {
    assertThat(SchedulingPolicies.selector().create(MinirayConfig.defaults()))
        .isExactlyInstanceOf(PaperSchedulingPolicy.class);
  }

  @Test
  void createsAClassByFullyQualifiedName() {
    String name = LocalitySchedulingPolicy.class.getName();
    assertThat(SchedulingPolicies.selector().create(MinirayConfig.of(Map.of("miniray.scheduler.policy", name))))
        .isExactlyInstanceOf(LocalitySchedulingPolicy.class);
  }

  @Test
  void unknownNameErrorListsEveryBuiltInName() {
    assertThatThrownBy(() -> SchedulingPolicies.selector()
        .create(MinirayConfig.of(Map.of("miniray.scheduler.policy", "fastest"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("miniray.scheduler.policy")
        .hasMessageContaining("fastest")
        .hasMessageContainingAll(List.copyOf(BUILT_INS.keySet()).toArray(new String[0]));
  }
}
