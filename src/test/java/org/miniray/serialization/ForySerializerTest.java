package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForySerializerTest extends SerializerContractTest {
  @Override
  protected Serializer create(Allowlist allowlist) {
    return new ForySerializer(allowlist);
  }

  @Test
  void flippedBitIsCaughtByTheChecksumBeforeForyReadsIt() {
    Serializer s = create(new Allowlist());
    byte[] bytes = s.serialize(List.of("a", "b")).bytes().clone();
    bytes[bytes.length - 1] ^= 1;
    assertThatThrownBy(() -> s.deserialize(new SerializedObject(SerializedObject.ENCODED, bytes)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("checksum mismatch");
  }

  @Test
  void primitiveArraysOfEverySizeClassRoundTripIntoBuffersSizedExactlyForThem() {
    Serializer s = create(new Allowlist());
    Random random = new Random(7);
    Class<?>[] types = {long.class, int.class, double.class, float.class, short.class, char.class, byte.class,
        boolean.class};
    for (Class<?> type : types) {
      for (int n : new int[] {0, 1, 15, 16, 127, 128, 2_047, 16_384, 300_000}) {
        Object array = Array.newInstance(type, n);
        for (int i = 0; i < n; i++) {
          Array.set(array, i, switch (type.getName()) {
            case "long" -> random.nextLong();
            case "int" -> random.nextInt();
            case "double" -> random.nextDouble();
            case "float" -> random.nextFloat();
            case "short" -> (short) random.nextInt();
            case "char" -> (char) random.nextInt();
            case "byte" -> (byte) random.nextInt();
            default -> random.nextBoolean();
          });
        }
        if (type == byte.class) {
          continue; // a byte[] is stored as it is, not encoded
        }
        SerializedObject encoded = s.serialize(array);
        assertThat(encoded.size()).as("encoded size of a %s[%d], as expected ahead (no growing, no copy)", type, n)
            .isEqualTo(ForySerializer.expectedSize(array));
        Object back = s.deserialize(encoded);
        assertThat(back).as("%s[%d] after a round trip", type, n).isInstanceOf(array.getClass());
        for (int i = 0; i < n; i++) {
          assertThat(Array.get(back, i)).isEqualTo(Array.get(array, i));
        }
      }
    }
  }
}
