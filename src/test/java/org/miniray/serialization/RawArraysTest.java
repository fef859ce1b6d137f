package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Numeric primitive arrays take the raw encoding: their elements as they are behind an 8-byte
 * header, written by a writer straight into whatever buffers a store hands it and read back from
 * whatever pieces a store's reader hands over, at any boundary.
 */
public class RawArraysTest {
  private static final Class<?>[] TYPES = {short.class, char.class, int.class, long.class, float.class, double.class};
  // 0, 1, a size whose bytes are not a multiple of 8 (for the 2- and 4-byte types), and one past 1 MiB of longs
  private static final int[] SIZES = {0, 1, 3, 1_001, (1 << 17) + 1};

  private final ForySerializer serializer = new ForySerializer(new Allowlist());

  /** A {@code type[n]} of random elements (every bit pattern of a float or double, NaNs included). */
  public static Object randomArray(Class<?> type, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Object a = Array.newInstance(type, n);
    for (int i = 0; i < n; i++) {
      Array.set(a, i, switch (type.getName()) {
        case "short" -> (short) r.nextInt();
        case "char" -> (char) r.nextInt();
        case "int" -> r.nextInt();
        case "long" -> r.nextLong();
        case "float" -> Float.intBitsToFloat(r.nextInt()); // every bit pattern, NaNs included
        default -> Double.longBitsToDouble(r.nextLong());
      });
    }
    return a;
  }

  /** Element by element, comparing floating-point values by their bits (a NaN's payload must survive too). */
  public static void assertSameElements(Object actual, Object expected, String what) {
    assertThat(actual).as(what).isInstanceOf(expected.getClass());
    int n = Array.getLength(expected);
    assertThat(Array.getLength(actual)).as("%s: length", what).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      Object a = Array.get(actual, i);
      Object e = Array.get(expected, i);
      if (e instanceof Float f) {
        assertThat(Float.floatToRawIntBits((Float) a)).as("%s[%d]", what, i).isEqualTo(Float.floatToRawIntBits(f));
      } else if (e instanceof Double d) {
        assertThat(Double.doubleToRawLongBits((Double) a)).as("%s[%d]", what, i)
            .isEqualTo(Double.doubleToRawLongBits(d));
      } else {
        assertThat(a).as("%s[%d]", what, i).isEqualTo(e);
      }
    }
  }

  @Test
  void everyNumericArrayIsEncodedAsItsElementsBehindAHeader() {
    for (Class<?> type : TYPES) {
      for (int n : SIZES) {
        Object array = randomArray(type, n, n);
        SerializedObject s = serializer.serialize(array);
        String what = type + "[" + n + "]";
        assertThat(s.encoding()).as(what).isEqualTo(SerializedObject.RAW_ARRAY);
        int size = elementBytes(type);
        assertThat(s.size()).as("%s: header and elements, nothing else", what)
            .isEqualTo(RawArrays.HEADER_BYTES + (long) n * size);
        assertSameElements(serializer.deserialize(s), array, what + " read from the heap");
      }
    }
  }

  @Test
  void theLayoutIsLittleEndianElementsAfterTypeAndCount() {
    byte[] bytes = serializer.serialize(new long[] {0x0102030405060708L}).bytes();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(4)).as("count").isEqualTo(1);
    assertThat(b.getLong(8)).isEqualTo(0x0102030405060708L);
    assertThat(bytes[8]).as("least significant byte first").isEqualTo((byte) 0x08);
  }

  @Test
  void writerFillsBuffersOfAnySizeAndAReaderHandsBackPiecesOfAnySize() {
    for (Class<?> type : TYPES) {
      for (int n : SIZES) {
        Object array = randomArray(type, n, 31L * n);
        ObjectWriter w = serializer.writerOf(array);
        assertThat(w.encoding()).isEqualTo(SerializedObject.RAW_ARRAY);
        for (int piece : n > 1_001 ? new int[] {4_099, 1 << 20} : new int[] {1, 3, 5, 8, 4_096}) {
          String what = type + "[" + n + "] in pieces of " + piece + " bytes";
          List<ByteBuffer> written = writeInPieces(w, piece);
          Object back = serializer.deserialize(readerOf(w.encoding(), w.length(), written));
          assertSameElements(back, array, what);
        }
      }
    }
  }

  @Test
  void aWriterCopiesTheArrayOnlyWhenAskedSoItsCallerMustWaitForTheStore() {
    long[] array = {1, 2, 3};
    ObjectWriter w = serializer.writerOf(array);
    SerializedObject before = w.toSerializedObject();
    array[0] = 42;
    assertThat((long[]) serializer.deserialize(before)).containsExactly(1, 2, 3);
    assertThat((long[]) serializer.deserialize(w.toSerializedObject())).containsExactly(42, 2, 3);
  }

  @Test
  void aHeaderThatDisagreesWithTheLengthIsRefusedBeforeAnythingIsAllocated() {
    byte[] bytes = serializer.serialize(new int[] {1, 2, 3}).bytes();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> serializer.deserialize(new SerializedObject(SerializedObject.RAW_ARRAY, bytes)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("malformed raw array")
        .hasMessageContaining(Integer.MAX_VALUE + " int elements");
    byte[] unknown = serializer.serialize(new int[] {1}).bytes();
    unknown[0] = 99;
    assertThatThrownBy(() -> serializer.deserialize(new SerializedObject(SerializedObject.RAW_ARRAY, unknown)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown element type 99");
    byte[] truncated = new byte[5];
    assertThatThrownBy(() -> serializer.deserialize(new SerializedObject(SerializedObject.RAW_ARRAY, truncated)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("ends early");
  }

  @Test
  void randomBytesOfTheRawEncodingReadOrAreRefusedWithASerializationException() {
    SplittableRandom r = new SplittableRandom(20181008L);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[r.nextInt(0, 40)];
      r.nextBytes(bytes);
      if (bytes.length >= 8 && r.nextBoolean()) {
        bytes[0] = (byte) r.nextInt(1, 7); // a known type, so the count check is reached
        bytes[1] = bytes[2] = bytes[3] = 0;
      }
      try {
        Object v = serializer.deserialize(new SerializedObject(SerializedObject.RAW_ARRAY, bytes));
        assertThat(RawArrays.holds(v)).as("what random bytes read as").isTrue();
      } catch (SerializationException refused) {
        assertThat(refused).hasMessageContaining("malformed raw array (" + bytes.length + " bytes)");
      }
    }
  }

  @Test
  void byteAndBooleanArraysKeepTheirOwnEncodings() {
    assertThat(serializer.serialize(new byte[] {1}).encoding()).isEqualTo(SerializedObject.RAW_BYTES);
    assertThat(serializer.writerOf(new byte[] {1}).encoding()).isEqualTo(SerializedObject.RAW_BYTES);
    assertThat(serializer.serialize(new boolean[] {true}).encoding()).isEqualTo(SerializedObject.ENCODED);
    assertThat(serializer.writerOf(new boolean[] {true})).isNull();
    assertThat(serializer.writerOf(List.of(new long[] {1}))).isNull();
  }

  private static int elementBytes(Class<?> type) {
    return switch (type.getName()) {
      case "short", "char" -> 2;
      case "int", "float" -> 4;
      default -> 8;
    };
  }

  /** What {@code w} writes, asked for in buffers of {@code piece} bytes (the last one shorter). */
  private static List<ByteBuffer> writeInPieces(ObjectWriter w, int piece) {
    List<ByteBuffer> out = new ArrayList<>();
    for (long at = 0; at < w.length(); ) {
      ByteBuffer b = ByteBuffer.allocateDirect((int) Math.min(piece, w.length() - at));
      while (b.hasRemaining()) {
        int n = w.write(at, b);
        assertThat(n).as("bytes written at %d", at).isPositive();
        at += n;
      }
      out.add(b.flip());
    }
    return out;
  }

  /** A reader handing {@code pieces} over as they are, as a store's reader of slabs does. */
  private static ObjectReader readerOf(byte encoding, int length, List<ByteBuffer> pieces) {
    return new ObjectReader() {
      @Override
      public byte encoding() {
        return encoding;
      }

      @Override
      public int length() {
        return length;
      }

      @Override
      public int read(long position, ByteBuffer dst) {
        throw new AssertionError("a raw array is read from the pieces as they are, not copied out first");
      }

      @Override
      public void readAll(Consumer<ByteBuffer> sink) {
        pieces.forEach(p -> sink.accept(p.duplicate()));
      }

      @Override
      public void close() {}
    };
  }
}
