package org.miniray.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into frames at their 4-byte big-endian length prefixes. The length is
 * checked as soon as its 4 bytes arrive, so a peer announcing 2 GB is disconnected before a byte
 * of it is buffered; a frame shorter than its header is refused too. Emitted frames are slices of
 * the receive buffer (no copy), without the prefix.
 *
 * <p>A frame that arrives in several reads must be gathered. Small ones are merged into one buffer
 * (Netty's default, a copy of a few bytes); a large one (a chunk of an object, 1 MiB) would be
 * copied whole that way, so while one of at least {@link #GATHER_BYTES} is incomplete the reads are
 * kept as they are, side by side ({@link #COMPOSITE_CUMULATOR}), and the frame emitted is a view of
 * them: its reader (the {@link ChunkHandler}) copies it piece by piece to where it goes.
 */
final class LengthPrefixDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(LengthPrefixDecoder.class);
  static final int PREFIX_LENGTH = 4;

  /** Frames at least this long are gathered from their reads without merging them. */
  static final int GATHER_BYTES = 64 * 1024;

  private final int maxFrameLength;
  private boolean refused;
  private boolean gathering; // the composite cumulator is in use for a large frame

  LengthPrefixDecoder(int maxFrameLength) {
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (refused) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < PREFIX_LENGTH) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length > maxFrameLength || length < Frame.HEADER_LENGTH) {
      refused = true;
      in.skipBytes(in.readableBytes());
      ProtocolErrors.closeConnection(ctx, log, "frame length " + length + " is outside "
          + Frame.HEADER_LENGTH + ".." + maxFrameLength + " (maxFrameLength)");
      return;
    }
    if (in.readableBytes() < PREFIX_LENGTH + length) {
      if (length >= GATHER_BYTES && !gathering) {
        gathering = true;
        setCumulator(COMPOSITE_CUMULATOR);
      }
      return; // the rest of the frame has not arrived yet
    }
    in.skipBytes(PREFIX_LENGTH);
    out.add(in.readRetainedSlice((int) length));
    if (gathering) {
      gathering = false;
      setCumulator(MERGE_CUMULATOR);
    }
  }
}
