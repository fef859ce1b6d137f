package org.miniray.gcs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.miniray.id.NodeId;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.ProtocolTypes;
import org.miniray.serialization.SerializationException;

/** The GCS log's table ({@link LogFormat#CLASSES}) holds every class an entry or snapshot can hold. */
class LogFormatTest {
  private static final List<Class<?>> ROOTS = List.of(GcsLogEntry.class, LogSnapshot.class);

  @Test
  void everyClassAnEntryOrSnapshotCanHoldIsInTheTable() {
    ProtocolTypes.Reach reach = ProtocolTypes.reachableFrom(ROOTS);
    assertThat(reach.openSlots()).as("components declared as Object").isEmpty();
    assertThat(LogFormat.CLASSES).as("classes the log can hold but LogFormat.CLASSES lacks")
        .containsAll(reach.classes());
  }

  @Test
  void everyEntryAndSnapshotRoundTrips() {
    qt().withFixedSeed(19).withExamples(60).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      for (Class<?> c : List.of(GcsLogEntry.class.getPermittedSubclasses())) {
        roundTrips(ProtocolTypes.random(c, r, slot -> new NodeId("n")));
      }
      roundTrips(ProtocolTypes.random(LogSnapshot.class, r, slot -> new NodeId("n")));
    });
  }

  private static void roundTrips(Object value) {
    assertThat(LogFormat.codec().decode(LogFormat.codec().encode(value))).as("%s", value)
        .usingRecursiveComparison().withStrictTypeChecking().isEqualTo(value);
  }

  @Test
  void aLogEntryWrittenBeforeTheProtocolCodecIsRefusedSayingSo() {
    // What ZooKeeperGcs wrote before: the user-value serializer's format, classes by name.
    byte[] old = new ForySerializer(new Allowlist().allow("org.miniray.gcs.zookeeper.*"))
        .serialize(new GcsLogEntry.MarkDead(new NodeId("n1"))).bytes();
    assertThatThrownBy(() -> LogFormat.codec().decode(old)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("the GCS log's LogFormat.CLASSES")
        .hasMessageContaining("format miniray used before its protocol codec");
  }
}
