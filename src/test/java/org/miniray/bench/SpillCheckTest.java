package org.miniray.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.Ray;
import org.miniray.config.Keys;

/**
 * Issue 14's spill check ({@code make spill-check}: 3 GiB through 256 MiB stores) at a size for
 * {@code make test}: 300 MiB of objects kept referenced at once through 32 MiB stores, made by
 * {@code put}, tasks and an actor, each read back whole by the driver and by a task on a node.
 */
class SpillCheckTest {
  private static final long TOTAL = 300L << 20;
  private static final int OBJECT = 4 << 20;
  private static final long CAPACITY = 32L << 20;

  private static void assertEveryObjectCameBackWithinCapacity(SpillCheck.Result r, int stores, String said) {
    assertThat(r.objects()).isEqualTo(75);
    assertThat(r.intactOnDriver()).as("objects the driver read back intact; it said:%n%s", said).isEqualTo(r.objects());
    assertThat(r.intactOnNodes()).as("objects tasks on the nodes read back intact; it said:%n%s", said)
        .isEqualTo(r.objects());
    assertThat(r.capacityBytes()).isEqualTo(CAPACITY);
    assertThat(r.samples()).as("times the stores were sampled").isPositive();
    assertThat(r.mostInMemoryBytes()).as("most bytes any store held in memory; it said:%n%s", said)
        .isLessThanOrEqualTo(CAPACITY);
    assertThat(r.mostSpilledBytes()).as("spilled bytes: all but what %d stores hold in memory", stores)
        .isGreaterThanOrEqualTo(TOTAL - stores * CAPACITY);
  }

  @Test
  void threeHundredMegabytesThroughThirtyTwoMegabyteStoresEmbedded(@TempDir Path spill) throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Ray.init(Map.of(Keys.OBJECT_STORE_CAPACITY.name(), Long.toString(CAPACITY), Keys.NODES.name(), "2",
        Keys.OBJECT_STORE_SPILL_DIR.name(), spill.toString()));
    SpillCheck.Result r;
    try {
      r = SpillCheck.run(TOTAL, OBJECT, List.of(), new PrintStream(said, true, StandardCharsets.UTF_8));
    } finally {
      Ray.shutdown();
    }
    assertEveryObjectCameBackWithinCapacity(r, 2, said.toString(StandardCharsets.UTF_8));
    try (var left = Files.walk(spill)) {
      assertThat(left.filter(Files::isRegularFile)).as("spilled files left once the cluster stopped").isEmpty();
    }
  }

  @Test
  void threeHundredMegabytesThroughThirtyTwoMegabyteStoresAcrossProcesses() throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    ClusterBenchCluster cluster = new ClusterBenchCluster(Map.of(Keys.OBJECT_STORE_CAPACITY.name(),
        Long.toString(CAPACITY)), List.of(), List.of("{\"" + ClusterBenchCluster.FAR + "\": 1}"),
        List.of("--object-store-memory", Long.toString(CAPACITY)));
    cluster.start();
    SpillCheck.Result r;
    try {
      r = SpillCheck.run(TOTAL, OBJECT, List.of(ClusterBenchCluster.NEAR, ClusterBenchCluster.FAR),
          new PrintStream(said, true, StandardCharsets.UTF_8));
    } finally {
      cluster.stop();
    }
    String text = said.toString(StandardCharsets.UTF_8);
    assertEveryObjectCameBackWithinCapacity(r, 3, text);
    assertThat(text).as("a report from the head's and the node's process").contains("head@").contains("node@");
  }
}
