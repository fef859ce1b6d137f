package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void booleanArraysOfEverySizeRoundTripIntoBuffersSizedExactlyForThem() {
    // The numeric arrays take the raw encoding (RawArraysTest); a byte[] is stored as it is.
    Serializer s = create(new Allowlist());
    Random random = new Random(7);
    for (int n : new int[] {0, 1, 15, 16, 127, 128, 2_047, 16_384, 300_000}) {
      boolean[] array = new boolean[n];
      for (int i = 0; i < n; i++) {
        array[i] = random.nextBoolean();
      }
      SerializedObject encoded = s.serialize(array);
      assertThat(encoded.size()).as("encoded size of a boolean[%d], as expected ahead (no growing, no copy)", n)
          .isEqualTo(ForySerializer.expectedSize(array));
      assertThat((boolean[]) s.deserialize(encoded)).as("boolean[%d] after a round trip", n).isEqualTo(array);
    }
  }
}
