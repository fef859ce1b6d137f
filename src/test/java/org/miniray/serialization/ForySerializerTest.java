package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
}
