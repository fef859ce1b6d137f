package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayException;
import org.miniray.node.Node;

/** {@code Ray.internal().free}: a freed object's memory is released everywhere, and it stays gone. */
class FreeTest {
  private static final AtomicInteger MADE = new AtomicInteger();

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  static int length(byte[] b) {
    return b.length;
  }

  static byte[] make(int n) {
    MADE.incrementAndGet();
    return new byte[n];
  }

  private static EmbeddedCluster cluster() {
    return ((MinirayRuntime) Ray.internal()).cluster();
  }

  @Test
  void freedObjectIsReleasedOnEveryNodeHoldingACopy() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=1,far=1"));
    ObjectRef<byte[]> ref = Ray.put(new byte[1_000_000]);
    // A task on the other node pulls a copy there.
    assertThat(Ray.get(Ray.task(FreeTest::length, ref).setResource("far", 1.0).remote())).isEqualTo(1_000_000);
    List<Node> nodes = cluster().nodes();
    assertThat(nodes).allSatisfy(n -> assertThat(n.objects().store().usedBytes()).isGreaterThanOrEqualTo(1_000_000));

    Ray.internal().free(List.of(ref), false);

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(nodes).allSatisfy(n -> assertThat(n.objects().store().usedBytes()).isLessThan(1_000_000)));
    assertThatThrownBy(() -> Ray.get(ref)).isInstanceOf(RayException.class).hasMessageContaining("was freed");
  }

  @Test
  void freedTaskResultIsNotRebuiltFromLineage() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=1,far=1"));
    MADE.set(0);
    ObjectRef<byte[]> made = Ray.task(FreeTest::make, 1000).remote();
    assertThat(Ray.get(made)).hasSize(1000);

    Ray.internal().free(List.of(made), false);

    // A task that needs it, on either node, fails with the freed error instead of re-running make.
    ObjectRef<Integer> near = Ray.task(FreeTest::length, made).remote();
    ObjectRef<Integer> far = Ray.task(FreeTest::length, made).setResource("far", 1.0).remote();
    assertThatThrownBy(() -> Ray.get(near, 10_000)).hasMessageContaining("was freed");
    assertThatThrownBy(() -> Ray.get(far, 10_000)).hasMessageContaining("was freed");
    assertThat(MADE.get()).isEqualTo(1);
  }

  @Test
  void localOnlyFreeLeavesOtherNodesCopies() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.1.resources", "CPU=1,far=1"));
    ObjectRef<byte[]> ref = Ray.put(new byte[1_000_000]);
    Ray.get(Ray.task(FreeTest::length, ref).setResource("far", 1.0).remote());
    Node driverNode = cluster().driverNode();
    Node other = cluster().nodes().stream().filter(n -> n != driverNode).findFirst().orElseThrow();

    Ray.internal().free(List.of(ref), true);

    assertThat(driverNode.objects().store().usedBytes()).isLessThan(1_000_000);
    assertThat(other.objects().store().usedBytes()).isGreaterThanOrEqualTo(1_000_000);
  }
}
