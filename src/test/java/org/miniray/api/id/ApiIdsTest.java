package org.miniray.api.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The API's ids print, parse and compare as Ray's do. */
class ApiIdsTest {

  @Test
  void jobIdsPrintAsRaysLittleEndianHex() {
    assertThat(JobId.fromInt(1).toString()).isEqualTo("01000000");
    assertThat(JobId.fromInt(2).toString()).isEqualTo("02000000");
    assertThat(JobId.fromInt(300).toString()).isEqualTo("2c010000");
    assertThat(JobId.fromHexString("02000000")).isEqualTo(JobId.fromInt(2));
    assertThat(JobId.fromInt(7).toInt()).isEqualTo(7);
    assertThatThrownBy(() -> JobId.fromInt(-1)).hasMessageContaining("not negative");
  }

  @Test
  void nilIdsAreAllOnesAndOnlyThemAreNil() {
    assertThat(JobId.NIL.isNil()).isTrue();
    assertThat(TaskId.NIL.toString()).isEqualTo("ffffffffffffffff");
    assertThat(ActorId.NIL.isNil()).isTrue();
    assertThat(ObjectId.NIL.size()).isEqualTo(ObjectId.LENGTH);
    assertThat(UniqueId.NIL.isNil()).isTrue();
    assertThat(UniqueId.NIL.name()).isNull();
    assertThat(TaskId.fromLong(0).isNil()).isFalse();
  }

  @Test
  void idsRoundTripThroughHexAndCompareByKindAndBytes() {
    TaskId t = TaskId.fromLong(0x1234_5678_9abc_def0L);
    assertThat(t.toString()).isEqualTo("123456789abcdef0");
    assertThat(TaskId.fromHexString(t.toString())).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(ActorId.fromLong(0x1234_5678_9abc_def0L)).as("another kind with the same bytes").isNotEqualTo(t);
    ObjectId o = ObjectId.of(5, -1);
    assertThat(ObjectId.fromBytes(o.getBytes())).isEqualTo(o);
    UniqueId n = UniqueId.fromName("node-1");
    assertThat(n.name()).isEqualTo("node-1");
    assertThat(UniqueId.fromHexString(n.toString())).isEqualTo(n);
  }

  @Test
  void badIdsAreRefusedWithTheirKindAndSize() {
    assertThatThrownBy(() -> JobId.fromHexString("xyz")).hasMessageContaining("not a job id")
        .hasMessageContaining("8 hexadecimal digits");
    assertThatThrownBy(() -> TaskId.fromHexString("0102")).hasMessageContaining("16 hexadecimal digits");
    assertThatThrownBy(() -> ActorId.fromBytes(new byte[3])).hasMessageContaining("ActorId takes 8 bytes, got 3");
    assertThatThrownBy(() -> UniqueId.fromName("")).hasMessageContaining("1 to 28 bytes");
  }
}
