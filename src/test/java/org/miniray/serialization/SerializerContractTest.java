package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import evil.Gadget;
import evil.GadgetMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import outside.Mode;
import outside.Sample;
import outside.nested.Box;
import outside.nested.Point;

/**
 * The {@link Serializer} contract; every implementation has a one-line subclass. Random runs
 * use fixed seeds, so a failure repeats.
 */
public abstract class SerializerContractTest {
  private static final long SEED = 20181008L;

  protected abstract Serializer create(Allowlist allowlist);

  public record Measurement(String sensor, long at, double value, List<Integer> tags) {}

  public enum Unit { CELSIUS, KELVIN }

  private Serializer serializer() {
    return create(new Allowlist());
  }

  private Object roundTrip(Serializer s, Object value) {
    return s.deserialize(s.serialize(value));
  }

  @Test
  void roundTripsCommonValues() {
    Serializer s = serializer();
    ArrayList<String> arrayList = new ArrayList<>(List.of("a", "b"));
    HashMap<String, Integer> hashMap = new HashMap<>(Map.of("one", 1, "two", 2));
    List<Object> values = List.of(42, 7L, "a string", "", List.of(1, 2, 3), arrayList, hashMap,
        Map.of("k", "v"), List.of(List.of(1, 2), List.of(List.of("deep")), List.of()),
        new Measurement("s1", 12L, 3.5, List.of(1, 2)), Unit.KELVIN, Map.of("unit", Unit.CELSIUS));
    for (Object v : values) {
      assertThat(roundTrip(s, v)).as("round trip of %s", v).isEqualTo(v);
    }
    assertThat((int[]) roundTrip(s, new int[] {1, -2, 3})).containsExactly(1, -2, 3);
    assertThat((long[]) roundTrip(s, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}))
        .containsExactly(Long.MIN_VALUE, 0, Long.MAX_VALUE);
    assertThat((double[]) roundTrip(s, new double[] {0.5, Double.NaN, -1e300}))
        .containsExactly(0.5, Double.NaN, -1e300);
  }

  @Test
  void sharedObjectsStayShared() {
    List<String> shared = new ArrayList<>(List.of("x"));
    @SuppressWarnings("unchecked")
    List<List<String>> back = (List<List<String>>) roundTrip(serializer(), new ArrayList<>(List.of(shared, shared)));
    assertThat(back.get(0)).isSameAs(back.get(1));
  }

  @Test
  void nullRoundTrips() {
    Serializer s = serializer();
    assertThat(roundTrip(s, null)).isNull();
    assertThat(roundTrip(s, Arrays.asList("a", null))).isEqualTo(Arrays.asList("a", null));
  }

  @Test
  void byteArraysPassThroughWithoutCopy() {
    Serializer s = serializer();
    byte[] payload = {1, 2, 3};
    SerializedObject written = s.serialize(payload);
    assertThat(written.encoding()).isEqualTo(SerializedObject.RAW_BYTES);
    assertThat(written.bytes()).isSameAs(payload);
    assertThat(s.deserialize(written)).isSameAs(payload);
  }

  @Test
  void whatAWriterWritesAndWhatAStoreReaderHoldsReadBackAsTheValue() {
    Serializer s = serializer();
    List<Object> values = List.of(new byte[] {1, 2, 3}, new long[] {Long.MIN_VALUE, 5}, new double[] {0.25, -1},
        new int[0], new Measurement("s1", 12L, 3.5, List.of(1, 2)), "text");
    for (Object v : values) {
      ObjectWriter w = s.writerOf(v);
      if (w != null) {
        SerializedObject written = w.toSerializedObject();
        assertThat(written.size()).as("a writer's length for %s", v.getClass()).isEqualTo(w.length());
        assertThat(s.deserialize(written)).as("what a writer wrote for %s", v.getClass()).isEqualTo(v);
      }
      assertThat(s.deserialize(ObjectReader.of(s.serialize(v)))).as("%s read through a reader", v.getClass())
          .isEqualTo(v);
    }
    assertThat(s.writerOf(new byte[] {1})).as("every serializer writes a byte[] so").isNotNull();
  }

  @Test
  void exceptionWithCauseRoundTrips() {
    // the runtime ships a failed task's exception this way, as an ERROR object
    IllegalStateException thrown = new IllegalStateException("task failed", new ArithmeticException("/ by zero"));
    Serializer s = serializer();
    SerializedObject encoded = s.serialize(thrown);
    Throwable back = (Throwable) s.deserialize(new SerializedObject(SerializedObject.ERROR, encoded.bytes()));
    assertThat(back).isInstanceOf(IllegalStateException.class).hasMessage("task failed");
    assertThat(back.getCause()).isInstanceOf(ArithmeticException.class).hasMessage("/ by zero");
    assertThat(back.getStackTrace()).isEqualTo(thrown.getStackTrace());
  }

  @Test
  void refusesClassOutsideAllowlist() {
    Serializer permissive = create(new Allowlist().allow("evil.*"));
    SerializedObject alone = permissive.serialize(new Gadget());
    SerializedObject nested = permissive.serialize(new ArrayList<>(List.of("harmless", new Gadget())));
    Serializer strict = serializer();

    int before = Gadget.INSTANCES.get();
    for (SerializedObject bytes : List.of(alone, nested)) {
      assertThatThrownBy(() -> strict.deserialize(bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("evil.Gadget")
          .hasMessageContaining("miniray.serialization.allowlist");
    }
    assertThat(Gadget.INSTANCES.get()).as("Gadget instances made while refusing them").isEqualTo(before);

    // the counter does see instances made by deserialization, so the check above means something
    permissive.deserialize(alone);
    assertThat(Gadget.INSTANCES.get()).as("Gadget instances made by an allowed read").isGreaterThan(before);
  }

  @Test
  void refusesToWriteClassOutsideAllowlist() {
    Serializer strict = serializer();
    assertThatThrownBy(() -> strict.serialize(new Gadget()))
        .isInstanceOf(SerializationException.class).hasMessageContaining("evil.Gadget");
    assertThatThrownBy(() -> strict.serialize(new ArrayList<>(List.of(new Gadget()))))
        .isInstanceOf(SerializationException.class).hasMessageContaining("evil.Gadget");
  }

  @Test
  void allowedPackageEntryAllowsSubpackages() {
    Serializer s = create(new Allowlist().allow("outside.*"));
    assertThat(roundTrip(s, new Box(1, 2))).isEqualTo(new Box(1, 2));
    assertThat(roundTrip(s, List.of(new Box(3, 4)))).isEqualTo(List.of(new Box(3, 4)));

    Serializer later = serializer();
    SerializedObject bytes = s.serialize(new Box(5, 6));
    assertThatThrownBy(() -> later.deserialize(bytes)).hasMessageContaining("outside.nested.Box");
    later.allowlist().allowPackageOf(Box.class); // as the runtime does when a job starts
    assertThat(later.deserialize(bytes)).isEqualTo(new Box(5, 6));
  }

  @Test
  @SuppressWarnings("unchecked")
  void valuesProgramsPassRoundTripWithoutAnyEntry() {
    Serializer s = serializer();
    List<Object> values = List.of(ImmutableList.of(1, 2, 3), ImmutableMap.of("a", 1, "b", 2),
        new TreeMap<>(Map.of("z", 1, "a", 2)), Mode.SAFE, Mode.FAST, new Point(1, 2), List.of(Mode.SAFE),
        ImmutableSortedSet.of("b", "a"));
    for (Object v : values) {
      assertThat(roundTrip(s, v)).as("round trip of %s (%s)", v, v.getClass().getName()).isEqualTo(v);
    }
    Sample back = (Sample) roundTrip(s, new Sample("weights", new double[] {0.5, -1.25}));
    assertThat(back.name()).isEqualTo("weights");
    assertThat(back.values()).containsExactly(0.5, -1.25);
    PriorityQueue<Integer> q = (PriorityQueue<Integer>) roundTrip(s, new PriorityQueue<>(List.of(3, 1, 2)));
    assertThat(q.poll()).isEqualTo(1);
  }

  @Test
  void aLibraryMapThatRunsCodeWhenReadIsRefusedAndNeverBuilt() {
    GadgetMap gadget = new GadgetMap();
    gadget.put("command", "rm -rf /");
    SerializedObject bytes = create(new Allowlist().allow("evil.*")).serialize(gadget);
    int before = Gadget.INSTANCES.get();
    assertThatThrownBy(() -> serializer().deserialize(bytes)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("evil.GadgetMap");
    assertThat(Gadget.INSTANCES.get()).isEqualTo(before);
  }

  @Test
  @Timeout(120)
  void malformedBytesThrowSerializationException() {
    Serializer s = serializer();
    Gen<byte[]> random = Generate.byteArrays(Generate.range(0, 64), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    qt().withFixedSeed(SEED).withExamples(5_000).forAll(random)
        .checkAssert(bytes -> readsOrRefuses(s, bytes));
  }

  @Test
  @Timeout(120)
  void corruptedOrTruncatedBytesThrowSerializationException() {
    Serializer s = serializer();
    Map<String, Object> value = new HashMap<>();
    value.put("readings", List.of(new Measurement("s", 1, 2.0, List.of(3)), new Measurement("t", 4, 5.0, List.of())));
    value.put("samples", new long[] {1, 2, 3, 4});
    value.put("names", new ArrayList<>(List.of("a", "bb", "ccc")));
    value.put("unit", Unit.CELSIUS);
    value.put("error", new IllegalStateException("x"));
    byte[] valid = s.serialize(value).bytes();
    Gen<byte[]> corrupted = Generate.range(0, valid.length - 1)
        .zip(Generate.range(0, valid.length - 1), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0),
            (at, cut, b) -> {
              byte[] copy = Arrays.copyOf(valid, Math.max(cut, at + 1));
              copy[at] = b;
              return copy;
            });
    qt().withFixedSeed(SEED).withExamples(5_000).forAll(corrupted)
        .checkAssert(bytes -> readsOrRefuses(s, bytes));
  }

  private static void readsOrRefuses(Serializer s, byte[] bytes) {
    Object value;
    try {
      value = s.deserialize(new SerializedObject(SerializedObject.ENCODED, bytes));
    } catch (SerializationException expected) {
      return;
    } catch (Throwable t) {
      throw new AssertionError("reading " + Arrays.toString(bytes) + " threw " + t
          + " instead of a SerializationException", t);
    }
    if (value != null && !s.allowlist().isAllowed(value.getClass().getName())) {
      fail("reading %s made a %s, which the allowlist does not allow", Arrays.toString(bytes),
          value.getClass().getName());
    }
  }

  @Test
  void concurrentUseIsSafe() throws Exception {
    Serializer s = serializer();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            Object v = switch (i % 4) {
              case 0 -> List.of(thread, i, "s" + i);
              case 1 -> new Measurement("t" + thread, i, i / 2.0, List.of(i));
              case 2 -> Map.of("thread", thread, "i", i);
              default -> "value " + thread + "/" + i;
            };
            assertThat(roundTrip(s, v)).isEqualTo(v);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
