package org.miniray.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.miniray.transport.netty.Protocol.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between a frame's bytes (length prefix already removed) and a {@link Frame}: version (1 byte),
 * kind (1 byte), type (unsigned 16 bits), request id (8 bytes), body. Refuses a peer speaking
 * another protocol version or sending a kind this node does not know. Encoding puts a small header
 * buffer in front of the body without copying the body.
 */
final class FrameCodec extends MessageToMessageCodec<ByteBuf, Frame> {
  private static final Logger log = LoggerFactory.getLogger(FrameCodec.class);
  /** 2: the message numbers of {@code Protocol}, the one table (1 was the numbering spread over five files). */
  static final byte VERSION = 2;

  private boolean refused;

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    ByteBuf header = ctx.alloc().buffer(Frame.HEADER_LENGTH);
    header.writeByte(VERSION).writeByte(frame.kind().code).writeShort(frame.type()).writeLong(frame.requestId());
    // The encoder releases the frame after this method, so the composite takes its own reference.
    out.add(Unpooled.wrappedBuffer(header, frame.body().retain()));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (refused) {
      return;
    }
    if (in.readableBytes() < Frame.HEADER_LENGTH) {
      refuse(ctx, "frame of " + in.readableBytes() + " bytes is shorter than the " + Frame.HEADER_LENGTH + "-byte header");
      return;
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      refuse(ctx, "peer speaks protocol version " + version + ", this node speaks " + VERSION);
      return;
    }
    byte code = in.readByte();
    FrameKind kind = FrameKind.fromCode(code);
    if (kind == null) {
      refuse(ctx, "unknown frame kind " + (code & 0xFF));
      return;
    }
    int type = in.readUnsignedShort();
    long requestId = in.readLong();
    out.add(new Frame(kind, type, requestId, in.readRetainedSlice(in.readableBytes())));
  }

  private void refuse(ChannelHandlerContext ctx, String reason) {
    refused = true;
    ProtocolErrors.closeConnection(ctx, log, reason);
  }
}
