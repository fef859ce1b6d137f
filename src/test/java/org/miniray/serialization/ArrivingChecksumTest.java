package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Fory stream's checksum, checked as its bytes arrive in pieces of any size, agrees with the whole-array check. */
class ArrivingChecksumTest {
  private final ForySerializer serializer = new ForySerializer(new Allowlist());

  private static void arrive(ArrivingChecksum check, byte[] bytes, int piece) {
    for (int at = 0; at < bytes.length; at += piece) {
      ByteBuffer b = ByteBuffer.allocateDirect(Math.min(piece, bytes.length - at));
      b.put(bytes, at, b.capacity()).flip();
      check.update(at, b);
      assertThat(b.position()).as("the piece's position after the check read it").isZero();
    }
  }

  @Test
  void anIntactStreamPassesWhateverItsPiecesAndACorruptOneFailsAsTheSerializerWould() {
    SerializedObject o = serializer.serialize(List.of("a list", 42, new long[] {1, 2, 3}));
    for (int piece : new int[] {1, 3, 4, 5, 1 << 20}) {
      ArrivingChecksum check = ArrivingChecksum.of(o.encoding(), o.bytes().length);
      arrive(check, o.bytes(), piece);
      check.verify();
    }
    for (int flipped : new int[] {0, 3, 4, o.bytes().length - 1}) { // in the checksum itself, and in the stream
      byte[] bad = o.bytes().clone();
      bad[flipped] ^= 0x01;
      ArrivingChecksum check = ArrivingChecksum.of(o.encoding(), bad.length);
      arrive(check, bad, 7);
      assertThatThrownBy(check::verify).as("byte %d flipped", flipped).isInstanceOf(SerializationException.class)
          .hasMessageContaining("checksum mismatch");
      assertThatThrownBy(() -> serializer.deserialize(new SerializedObject(o.encoding(), bad)))
          .isInstanceOf(SerializationException.class);
    }
  }

  @Test
  void bytesCutShortOrOutOfOrderAreRefused() {
    SerializedObject o = serializer.serialize("a string long enough");
    ArrivingChecksum shortOne = ArrivingChecksum.of(o.encoding(), o.bytes().length);
    arrive(shortOne, java.util.Arrays.copyOf(o.bytes(), o.bytes().length - 1), 4);
    assertThatThrownBy(shortOne::verify).hasMessageContaining("arrived");
    ArrivingChecksum skipping = ArrivingChecksum.of(o.encoding(), o.bytes().length);
    assertThatThrownBy(() -> skipping.update(4, ByteBuffer.wrap(o.bytes())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in order");
  }

  @Test
  void encodingsWithoutAChecksumHaveNoCheck() {
    assertThat(ArrivingChecksum.of(SerializedObject.RAW_BYTES, 10)).isNull();
    assertThat(ArrivingChecksum.of(SerializedObject.RAW_ARRAY, 16)).isNull();
    assertThat(ArrivingChecksum.of(SerializedObject.ERROR, 16)).isNotNull();
  }
}
