package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LengthPrefixDecoderTest {
  private static final int MAX = 1024;

  /** Remembers the largest buffer anyone asked it for. */
  private static final class RecordingAllocator extends AbstractByteBufAllocator {
    int largest;

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      largest = Math.max(largest, initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      largest = Math.max(largest, initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  private static ByteBuf prefixed(int length, int bodyBytes) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(length);
    for (int i = 0; i < bodyBytes; i++) {
      b.writeByte(i);
    }
    return b;
  }

  @Test
  void completeFramesComeOutWithoutTheirPrefix() {
    EmbeddedChannel ch = new EmbeddedChannel(new LengthPrefixDecoder(MAX));
    ByteBuf two = prefixed(20, 20).writeBytes(prefixed(12, 12));
    ch.writeInbound(two);
    ByteBuf first = ch.readInbound();
    ByteBuf second = ch.readInbound();
    assertThat(first.readableBytes()).isEqualTo(20);
    assertThat(second.readableBytes()).isEqualTo(12);
    assertThat(first.getByte(19)).isEqualTo((byte) 19);
    first.release();
    second.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void truncatedFrameWaitsForTheRestOfItsBytes() {
    EmbeddedChannel ch = new EmbeddedChannel(new LengthPrefixDecoder(MAX));
    ByteBuf whole = prefixed(100, 100);
    ch.writeInbound(whole.readRetainedSlice(2));
    ch.writeInbound(whole.readRetainedSlice(50));
    assertThat((Object) ch.readInbound()).as("a frame before all its bytes arrived").isNull();
    assertThat(ch.isOpen()).isTrue();
    ch.writeInbound(whole);
    ByteBuf frame = ch.readInbound();
    assertThat(frame.readableBytes()).isEqualTo(100);
    frame.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void twoGigabyteLengthIsRefusedBeforeAnythingIsAllocatedAndTheConnectionClosed() {
    RecordingAllocator alloc = new RecordingAllocator();
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(alloc);
    ch.pipeline().addLast(new LengthPrefixDecoder(8 << 20));
    try (LogCapture log = new LogCapture(LengthPrefixDecoder.class)) {
      ByteBuf attack = prefixed(0x8000_0000, 64); // 2 GiB as an unsigned length
      ch.writeInbound(attack.readRetainedSlice(3)); // the prefix arrives in two pieces
      ch.writeInbound(attack);
      assertThat((Object) ch.readInbound()).isNull();
      assertThat(ch.isOpen()).as("channel open after a 2 GiB length prefix").isFalse();
      assertThat(alloc.largest).as("largest buffer allocated, bytes").isLessThan(1024);
      assertThat(log.lines()).singleElement().asString()
          .startsWith("WARN closing connection with").contains("frame length 2147483648 is outside 12..8388608");
    }
  }

  @Test
  void lengthShorterThanTheHeaderIsRefused() {
    EmbeddedChannel ch = new EmbeddedChannel(new LengthPrefixDecoder(MAX));
    ch.writeInbound(prefixed(3, 3));
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.isOpen()).isFalse();
  }
  /**
   * A large frame that arrives in several reads comes out as a view of those reads, not a merged
   * copy: its reader copies it once, piece by piece, to where it goes. Seen by changing a read's
   * buffer after the frame came out.
   */
  @Test
  void aLargeFrameInSeveralReadsIsAViewOfThemNotACopy() {
    int length = 3 * LengthPrefixDecoder.GATHER_BYTES;
    EmbeddedChannel ch = new EmbeddedChannel(new LengthPrefixDecoder(4 * length));
    ByteBuf first = Unpooled.directBuffer().writeInt(length).writeZero(LengthPrefixDecoder.GATHER_BYTES);
    ByteBuf second = Unpooled.directBuffer().writeZero(LengthPrefixDecoder.GATHER_BYTES);
    ByteBuf third = Unpooled.directBuffer().writeZero(LengthPrefixDecoder.GATHER_BYTES).writeInt(12);
    ch.writeInbound(first.retain(), second.retain(), third.retain()); // ours kept, to change them below
    ByteBuf frame = ch.readInbound();
    assertThat(frame.readableBytes()).isEqualTo(length);
    assertThat(frame.nioBufferCount()).as("pieces of the frame as it came out").isGreaterThan(1);
    second.setByte(7, 42);
    assertThat(frame.getByte(LengthPrefixDecoder.GATHER_BYTES + 7)).as("the frame's byte where the second read's 7th was")
        .isEqualTo((byte) 42);
    frame.release();
    ByteBuf next = Unpooled.buffer().writeZero(12);
    ch.writeInbound(next);
    ByteBuf small = ch.readInbound();
    assertThat(small.readableBytes()).as("the small frame after it, whose start came with the large one's end").isEqualTo(12);
    small.release();
    first.release();
    second.release();
    third.release();
    ch.finishAndReleaseAll();
  }
}
