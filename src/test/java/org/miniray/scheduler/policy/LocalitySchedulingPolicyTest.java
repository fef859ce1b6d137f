package org.miniray.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miniray.scheduler.policy.Clusters.id;
import static org.miniray.scheduler.policy.Clusters.node;
import static org.miniray.scheduler.policy.Clusters.task;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalitySchedulingPolicyTest {
  private final LocalitySchedulingPolicy policy = new LocalitySchedulingPolicy(42);

  @Test
  void picksNodeWithMostInputBytes() {
    List<NodeView> nodes = List.of(
        node("some", "CPU=4", 0, 10, 1_000, 10),
        node("most", "CPU=4", 30, 10, 1_000, 500),
        node("little", "CPU=4", 0, 10, 1_000, 20));
    assertThat(policy.select(task("CPU=1", 600), nodes))
        .as("locality ignores the queue of the node holding most of the inputs")
        .contains(id("most"));
  }

  @Test
  void onEqualInputBytesPicksTheLeastLoaded() {
    List<NodeView> nodes = List.of(
        node("busy", "CPU=4", 9, 10, 1_000, 500),
        node("quiet", "CPU=4", 1, 10, 1_000, 500),
        node("none", "CPU=4", 0, 10, 1_000, 0));
    assertThat(policy.select(task("CPU=1", 500), nodes)).contains(id("quiet"));
  }

  @Test
  void skipsTheHolderWhenItCanNeverRunTheTask() {
    List<NodeView> nodes = List.of(
        node("holder", "CPU=4", 0, 10, 1_000, 500),
        node("gpu", "CPU=4,GPU=2", 0, 10, 1_000, 0));
    assertThat(policy.select(task("GPU=1", 500), nodes)).contains(id("gpu"));
  }
}
