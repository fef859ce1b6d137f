package org.miniray.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.apache.fory.memory.MemoryBuffer;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
  record Inner(String name, long n, byte[] bytes) {}

  enum Colour { RED, GREEN }

  record Outer(Inner first, Inner second, List<Inner> all, Map<String, Long> counts, Optional<Colour> colour) {}

  /** Outside the table. */
  record Stranger(int x) {}

  /** A class forged bytes name, outside the table. */
  record Gadget(int x) {}

  record Holder(Object anything) {}

  private static final List<Class<?>> TABLE = List.of(Inner.class, Colour.class, Outer.class, Holder.class);
  private final ProtocolCodec codec = new ProtocolCodec("the test's TABLE", TABLE);

  private static Outer sample(Random r) {
    Inner a = new Inner("a" + r.nextInt(), r.nextLong(), new byte[] {(byte) r.nextInt(), 2});
    Inner b = new Inner(null, r.nextLong(), new byte[0]);
    return new Outer(a, b, List.of(a, b), Map.of("k", r.nextLong()), r.nextBoolean() ? Optional.empty()
        : Optional.of(Colour.GREEN));
  }

  @Test
  void recordsOfTheTableRoundTrip() {
    qt().withFixedSeed(19).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Outer o = sample(new Random(seed));
      assertThat(codec.decode(codec.encode(o))).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(o);
    });
    assertThat(codec.decode(codec.encode(null))).isNull();
    assertThat(codec.decode(codec.encode("just a string"))).isEqualTo("just a string");
  }

  @Test
  void aRecordSharedInsideAMessageIsWrittenTwiceAndReadBackEqual() {
    Inner shared = new Inner("shared", 7, new byte[] {1});
    Outer o = new Outer(shared, shared, List.of(shared, shared), Map.of(), Optional.empty());
    Outer back = (Outer) codec.decode(codec.encode(o));
    assertThat(back).usingRecursiveComparison().isEqualTo(o);
    assertThat(back.first()).isNotSameAs(back.second()); // no reference tracking: a tree, not a graph
  }

  @Test
  void aCycleIsRefusedAsASerializationExceptionNotAStackOverflow() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> codec.encode(new Holder(loop))).isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot encode a " + Holder.class.getName());
  }

  @Test
  void aClassOutsideTheTableIsRefusedNamingIt() {
    assertThatThrownBy(() -> codec.encode(new Stranger(1))).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Stranger.class.getName()).hasMessageContaining("the test's TABLE");
    assertThatThrownBy(() -> codec.encode(new Holder(new Stranger(2)))).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Stranger.class.getName());
  }

  @Test
  void forgedBytesWithAGoodChecksumCannotLoadAClassByName() {
    Fory lax = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true).withRefTracking(false).build();
    byte[] gadget = lax.serialize(new Gadget(1));
    byte[] forged = framed(ProtocolCodec.FORMAT, codec.fingerprint(), gadget);
    assertThatThrownBy(() -> codec.decode(forged)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("malformed message for the test's TABLE").hasMessageContaining(Gadget.class.getName());
  }

  @Test
  void truncatedCorruptAndRandomBytesGiveASerializationException() {
    byte[] good = codec.encode(sample(new Random(1)));
    qt().withFixedSeed(19).withExamples(300).forAll(integers().between(0, good.length - 1)).checkAssert(n -> {
      byte[] truncated = Arrays.copyOf(good, n);
      assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(SerializationException.class)
          .hasMessageContaining("malformed message");
      byte[] flipped = good.clone();
      flipped[n] ^= (byte) (1 + n % 255);
      assertThatThrownBy(() -> codec.decode(flipped)).isInstanceOf(SerializationException.class)
          .hasMessageContaining("checksum mismatch");
    });
    qt().withFixedSeed(19).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      byte[] noise = new byte[r.nextInt(200)];
      r.nextBytes(noise);
      assertThatThrownBy(() -> codec.decode(noise)).isInstanceOf(SerializationException.class)
          .hasMessageContaining("malformed message");
    });
  }

  @Test
  void bytesAfterTheChecksumThatAreNotForyAreMalformed() {
    qt().withFixedSeed(19).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      byte[] noise = new byte[1 + r.nextInt(100)];
      r.nextBytes(noise);
      byte[] forged = framed(ProtocolCodec.FORMAT, codec.fingerprint(), noise);
      try {
        Object o = codec.decode(forged);
        // Some noise is a valid small value (a boolean, a byte): then it must be one of Fory's own.
        assertThat(o == null || o.getClass().getName().startsWith("java.")).as("decoded %s", o).isTrue();
      } catch (SerializationException e) {
        assertThat(e).hasMessageContaining("malformed message");
      }
    });
  }

  @Test
  void bytesInTheFormatBeforeThisCodecAreRefusedSayingSo() {
    byte[] old = new ForySerializer(new Allowlist()).serialize(List.of("a GCS log entry of an older miniray")).bytes();
    assertThatThrownBy(() -> codec.decode(old)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("format miniray used before its protocol codec");
  }

  @Test
  void bytesOfAnotherTableAreRefusedSayingSo() {
    ProtocolCodec other = new ProtocolCodec("another table", List.of(Colour.class, Inner.class, Outer.class));
    byte[] theirs = other.encode(sample(new Random(2)));
    assertThatThrownBy(() -> codec.decode(theirs)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("another table of classes").hasMessageContaining("another version");
  }

  @Test
  void aTableListingAClassTwiceIsRefused() {
    assertThatThrownBy(() -> new ProtocolCodec("a bad table", List.of(Inner.class, Colour.class, Inner.class)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists " + Inner.class.getName() + " twice");
  }

  /** A frame as the codec lays it out, around any bytes, with a correct checksum. */
  private static byte[] framed(byte format, int fingerprint, byte[] body) {
    MemoryBuffer b = MemoryBuffer.newHeapBuffer(9 + body.length);
    b.writeInt32(0);
    b.writeByte(format);
    b.writeInt32(fingerprint);
    b.writeBytes(body);
    byte[] bytes = b.getBytes(0, b.writerIndex());
    CRC32C crc = new CRC32C();
    crc.update(bytes, 4, bytes.length - 4);
    int c = (int) crc.getValue();
    bytes[0] = (byte) c;
    bytes[1] = (byte) (c >>> 8);
    bytes[2] = (byte) (c >>> 16);
    bytes[3] = (byte) (c >>> 24);
    return bytes;
  }
}
