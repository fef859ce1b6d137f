package org.miniray.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import org.miniray.transport.netty.Protocol.FrameKind;

/**
 * One decoded frame (or, above {@link ChunkHandler}, one whole message). The frame owns one
 * reference to {@code body}; releasing the frame releases the body, so Netty's usual rule (whoever
 * consumes a message releases it) applies to frames too.
 *
 * @param type unsigned 16-bit message type, chosen by the layer above
 * @param requestId correlates a RESPONSE with its REQUEST; unique per sender and connection
 */
record Frame(FrameKind kind, int type, long requestId, ByteBuf body) implements ReferenceCounted {
  /** version + kind + type + request id. */
  static final int HEADER_LENGTH = 1 + 1 + 2 + 8;
  static final int MAX_TYPE = 0xFFFF;

  Frame {
    if (type < 0 || type > MAX_TYPE) {
      throw new IllegalArgumentException("message type " + type + " is not an unsigned 16-bit number");
    }
  }

  /** A frame whose body is {@code body} itself, wrapped, not copied. */
  static Frame of(FrameKind kind, int type, long requestId, byte[] body) {
    return new Frame(kind, type, requestId, Unpooled.wrappedBuffer(body));
  }

  /**
   * The body as a byte[], then releases the frame. When the body is exactly one whole heap array
   * (as reassembled chunks are) that array is returned without copying.
   */
  byte[] takeBody() {
    try {
      if (body.hasArray() && body.arrayOffset() == 0 && body.readerIndex() == 0
          && body.readableBytes() == body.array().length) {
        return body.array();
      }
      return ByteBufUtil.getBytes(body);
    } finally {
      release();
    }
  }

  @Override
  public int refCnt() {
    return body.refCnt();
  }

  @Override
  public Frame retain() {
    body.retain();
    return this;
  }

  @Override
  public Frame retain(int increment) {
    body.retain(increment);
    return this;
  }

  @Override
  public Frame touch() {
    body.touch();
    return this;
  }

  @Override
  public Frame touch(Object hint) {
    body.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return body.release();
  }

  @Override
  public boolean release(int decrement) {
    return body.release(decrement);
  }

  @Override
  public String toString() {
    return kind + "(type " + type + ", id " + requestId + ", " + body.readableBytes() + " bytes)";
  }
}
