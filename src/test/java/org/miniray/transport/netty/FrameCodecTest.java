package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol.FrameKind;

class FrameCodecTest {

  /** The first three handlers of the real pipeline: bytes on one side, Frames on the other. */
  private static EmbeddedChannel framing() {
    return new EmbeddedChannel(new LengthPrefixDecoder(1 << 20), new LengthFieldPrepender(4), new FrameCodec());
  }

  /** Everything the channel wrote, as the byte stream a socket would carry. */
  private static ByteBuf written(EmbeddedChannel ch) {
    ByteBuf wire = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      wire.writeBytes(b);
      b.release();
    }
    return wire;
  }

  @Test
  void framesRoundTripThroughTheirBytes() {
    EmbeddedChannel ch = framing();
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    ch.writeOutbound(Frame.of(FrameKind.REQUEST, 0xFFFF, Long.MAX_VALUE, body));
    ch.writeOutbound(Frame.of(FrameKind.ONE_WAY, 7, 42, new byte[0]));
    ByteBuf wire = written(ch);
    assertThat(wire.readableBytes()).isEqualTo(2 * (4 + Frame.HEADER_LENGTH) + body.length);
    assertThat(wire.getInt(0)).as("length prefix").isEqualTo(Frame.HEADER_LENGTH + body.length);
    assertThat(wire.getByte(4)).as("version").isEqualTo(FrameCodec.VERSION);

    ch.writeInbound(wire);
    Frame request = ch.readInbound();
    Frame oneWay = ch.readInbound();
    assertThat(request.kind()).isEqualTo(FrameKind.REQUEST);
    assertThat(request.type()).isEqualTo(0xFFFF);
    assertThat(request.requestId()).isEqualTo(Long.MAX_VALUE);
    assertThat(request.takeBody()).isEqualTo(body);
    assertThat(oneWay.kind()).isEqualTo(FrameKind.ONE_WAY);
    assertThat(oneWay.type()).isEqualTo(7);
    assertThat(oneWay.takeBody()).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void encodingDoesNotCopyTheBody() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
    byte[] body = new byte[1000];
    ch.writeOutbound(Frame.of(FrameKind.RESPONSE, 1, 1, body));
    io.netty.buffer.CompositeByteBuf out = ch.readOutbound();
    body[999] = 9; // visible through the encoded frame, so it shares the array
    assertThat(out.getByte(Frame.HEADER_LENGTH + 999)).isEqualTo((byte) 9);
    out.release();
  }

  @Test
  void otherProtocolVersionIsRefusedWithBothVersionsLogged() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
    try (LogCapture log = new LogCapture(FrameCodec.class)) {
      ch.writeInbound(Unpooled.buffer().writeByte(1).writeByte(FrameKind.REQUEST.code).writeShort(1).writeLong(1));
      assertThat((Object) ch.readInbound()).isNull();
      assertThat(ch.isOpen()).isFalse();
      assertThat(log.lines()).singleElement().asString()
          .contains("peer speaks protocol version 1, this node speaks 2");
    }
  }

  @Test
  void unknownKindIsRefused() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec());
    try (LogCapture log = new LogCapture(FrameCodec.class)) {
      ch.writeInbound(Unpooled.buffer().writeByte(FrameCodec.VERSION).writeByte(99).writeShort(1).writeLong(1));
      assertThat((Object) ch.readInbound()).isNull();
      assertThat(ch.isOpen()).isFalse();
      assertThat(log.lines()).singleElement().asString().contains("unknown frame kind 99");
    }
  }
}
