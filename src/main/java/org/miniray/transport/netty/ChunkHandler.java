package org.miniray.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.miniray.transport.BodySink;
import org.miniray.transport.netty.Protocol.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages larger than a chunk as a series of CHUNK frames, so that no frame is huge and no
 * body is ever held twice.
 *
 * <p>Sending: a message whose body exceeds {@code chunkSize} is queued; its chunks are slices of
 * the caller's buffer when that is direct (no copy), or copied into direct buffers this handler
 * keeps and reuses when it is on the heap (the socket needs direct memory either way). A
 * {@link StreamedBody} (an object served from a store's file or slabs) is always sent in chunks:
 * a chunk that is one of the store's slabs is sent from it as it is
 * ({@link org.miniray.serialization.ObjectReader#directView}, the reader closed only once the last
 * chunk is written), any other is read from its reader into one of those buffers, so the object is
 * never held whole on either the heap or in direct memory. Chunks are written one
 * after another only while the channel is writable, and resumed from
 * {@link #channelWritabilityChanged}. Smaller messages pass straight through and may
 * overtake a long message, which is why every chunk names its message.
 *
 * <p>Receiving: the first chunk of a message allocates one byte[] of the announced total length
 * (refused above {@code maxMessageSize}); every chunk is copied into it at its offset, in order;
 * the last one releases the whole message up the pipeline as an ordinary {@link Frame}. A response
 * whose call was made with a receiver ({@link Receivers}: a puller's store, see
 * {@link org.miniray.transport.BodySink}) that gives a body for it goes there instead: each chunk is
 * copied straight from Netty's buffers into the body, piece by piece when the frame decoder left a
 * chunk in several buffers, with no array between; once the last chunk is in and the body completed,
 * an empty RESPONSE goes up (an ERROR_RESPONSE when the body refused its bytes). A connection that
 * closes, or is refused, with such a response half received aborts its body.
 *
 * <p>A CHUNK frame's body: kind of the whole message (1 byte), total length (4 bytes, unsigned),
 * offset of this chunk (4 bytes, unsigned), then the chunk's bytes. Its type and request id are
 * those of the whole message.
 */
final class ChunkHandler extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(ChunkHandler.class);
  static final int CHUNK_HEADER_LENGTH = 1 + 4 + 4;

  private final int chunkSize;
  private final int maxMessageSize;
  private final Map<MessageKey, Assembly> assemblies = new HashMap<>();
  private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
  private boolean sending; // guards against re-entry from writability events fired by our own flush
  /** Chunk-sized direct buffers kept for copying heap bodies into ({@link #takeStaging}). */
  private final ArrayDeque<ByteBuf> staging = new ArrayDeque<>();
  private static final int MAX_STAGING = 8;
  private boolean closed;
  private boolean refused;
  private final Receivers receivers;

  /** Where the chunks of a response may go instead of an array: {@link RpcConnection#openBody}. */
  @FunctionalInterface
  interface Receivers {
    Receivers NONE = (requestId, length) -> null;

    /** The body for response {@code requestId} of {@code length} bytes, or null to assemble it on the heap. */
    BodySink.Body open(long requestId, int length);
  }

  ChunkHandler(int chunkSize, int maxMessageSize) {
    this(chunkSize, maxMessageSize, Receivers.NONE);
  }

  ChunkHandler(int chunkSize, int maxMessageSize, Receivers receivers) {
    this.chunkSize = chunkSize;
    this.maxMessageSize = maxMessageSize;
    this.receivers = receivers;
  }

  /** Which message a chunk belongs to: requests and responses of one id travel in opposite directions. */
  private record MessageKey(FrameKind kind, long requestId) {}

  /** A message being received: into {@code bytes}, or into {@code body}, a receiver's memory. */
  private static final class Assembly {
    final int total;
    final byte[] bytes; // null when received into body
    final BodySink.Body body;
    int received;
    RuntimeException failed; // the body refused a chunk: the rest is skipped, then the call fails

    Assembly(int total, BodySink.Body body) {
      this.total = total;
      this.body = body;
      this.bytes = body == null ? new byte[total] : null;
    }
  }

  /** A message being sent in chunks: a whole {@link Frame}, or a {@link StreamedBody} read as it goes. */
  private static final class Outgoing {
    final Frame frame; // null when streamed
    final StreamedBody stream; // null for a frame
    final FrameKind kind;
    final int type;
    final long requestId;
    final int total;
    final ChannelPromise promise;
    int sent;

    Outgoing(Frame frame, ChannelPromise promise) {
      this.frame = frame;
      this.stream = null;
      this.kind = frame.kind();
      this.type = frame.type();
      this.requestId = frame.requestId();
      this.total = frame.body().readableBytes();
      this.promise = promise;
    }

    Outgoing(StreamedBody stream, ChannelPromise promise) {
      this.frame = null;
      this.stream = stream;
      this.kind = stream.kind;
      this.type = stream.type;
      this.requestId = stream.requestId;
      this.total = stream.reader.length();
      this.promise = promise;
    }

    void release() {
      if (frame != null) {
        frame.release();
      } else {
        stream.release();
      }
    }
  }

  // ---- receiving

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame) || frame.kind() != FrameKind.CHUNK) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (!refused) {
        receive(ctx, frame);
      }
    } finally {
      frame.release();
    }
  }

  private void receive(ChannelHandlerContext ctx, Frame chunk) {
    ByteBuf in = chunk.body();
    if (in.readableBytes() < CHUNK_HEADER_LENGTH) {
      refuse(ctx, "CHUNK frame of " + in.readableBytes() + " bytes has no room for its header");
      return;
    }
    FrameKind kind = FrameKind.fromCode(in.readByte());
    long total = in.readUnsignedInt();
    long offset = in.readUnsignedInt();
    int length = in.readableBytes();
    if (kind == null || !kind.isMessage()) {
      refuse(ctx, "CHUNK frame belongs to a message of kind " + kind + ", which is not chunked");
      return;
    }
    if (total > maxMessageSize) {
      refuse(ctx, "announced a message of " + total + " bytes, above maxMessageSize " + maxMessageSize);
      return;
    }
    MessageKey key = new MessageKey(kind, chunk.requestId());
    Assembly message = assemblies.get(key);
    if (message == null) {
      if (offset != 0) {
        refuse(ctx, "sent a chunk at offset " + offset + " of a message it never started");
        return;
      }
      message = new Assembly((int) total, kind == FrameKind.RESPONSE ? openBody(chunk.requestId(), (int) total) : null);
      assemblies.put(key, message);
    }
    if (message.total != total || offset != message.received || offset + length > total) {
      refuse(ctx, "sent a chunk (offset " + offset + ", " + length + " bytes, total " + total
          + ") that does not continue its message (" + message.received + " of " + message.total + " bytes)");
      return;
    }
    if (message.bytes != null) {
      in.readBytes(message.bytes, (int) offset, length);
    } else if (message.failed == null) {
      try {
        copyInto(message.body, offset, in, length);
      } catch (RuntimeException e) {
        message.failed = e;
        message.body.abort(e);
      }
    }
    message.received += length;
    if (message.received == message.total) {
      assemblies.remove(key);
      ctx.fireChannelRead(message.bytes != null
          ? new Frame(kind, chunk.type(), chunk.requestId(), Unpooled.wrappedBuffer(message.bytes))
          : completed(message, chunk));
    }
  }

  private BodySink.Body openBody(long requestId, int total) {
    try {
      return receivers.open(requestId, total);
    } catch (RuntimeException e) {
      log.warn("the receiver of response {} ({} bytes) failed to open; receiving it onto the heap: {}", requestId, total,
          e.toString());
      return null;
    }
  }

  /**
   * Copies the chunk's {@code length} bytes into {@code body} at {@code at}: one piece per buffer
   * that holds them (several when the frame decoder left the chunk as the reads that brought it).
   */
  private static void copyInto(BodySink.Body body, long at, ByteBuf in, int length) {
    for (java.nio.ByteBuffer piece : in.nioBuffers(in.readerIndex(), length)) {
      int n = piece.remaining();
      body.write(at, piece);
      at += n;
    }
  }

  /** The response that goes up once every chunk of a message received into a body is in: empty, or the body's refusal. */
  private static Frame completed(Assembly message, Frame lastChunk) {
    RuntimeException failure = message.failed;
    if (failure == null) {
      try {
        message.body.complete();
        return new Frame(FrameKind.RESPONSE, lastChunk.type(), lastChunk.requestId(), Unpooled.EMPTY_BUFFER);
      } catch (RuntimeException e) {
        failure = e; // the body freed its memory as it refused
      }
    }
    return Frame.of(FrameKind.ERROR_RESPONSE, lastChunk.type(), lastChunk.requestId(), RpcConnection.encodeError(failure));
  }

  private void refuse(ChannelHandlerContext ctx, String reason) {
    refused = true;
    abortBodies(new java.io.IOException("the connection was refused: " + reason));
    ProtocolErrors.closeConnection(ctx, log, reason);
  }

  /** Aborts every body still being received into, and forgets every message being assembled. */
  private void abortBodies(Throwable why) {
    for (Assembly a : assemblies.values()) {
      if (a.body != null && a.failed == null) {
        a.failed = new IllegalStateException(why);
        try {
          a.body.abort(why);
        } catch (RuntimeException e) {
          log.warn("aborting the receiver of a response failed", e);
        }
      }
    }
    assemblies.clear();
  }

  // ---- sending

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    Outgoing chunked;
    if (msg instanceof StreamedBody stream) {
      chunked = new Outgoing(stream, promise); // chunked whatever its size: its bytes are not in memory
    } else if (msg instanceof Frame frame && frame.kind().isMessage() && frame.body().readableBytes() > chunkSize) {
      chunked = new Outgoing(frame, promise);
    } else {
      ctx.write(msg, promise);
      return;
    }
    if (!ctx.channel().isActive()) { // channelInactive has run: nothing would ever drain the queue
      chunked.release();
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    outgoing.add(chunked);
    sendChunks(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      sendChunks(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void sendChunks(ChannelHandlerContext ctx) {
    if (sending) {
      return;
    }
    sending = true;
    try {
      while (!outgoing.isEmpty() && ctx.channel().isWritable()) {
        writeNextChunk(ctx);
        ctx.flush(); // so writability reflects what the socket has taken
      }
    } finally {
      sending = false;
    }
  }

  private void writeNextChunk(ChannelHandlerContext ctx) {
    Outgoing message = outgoing.peek();
    int total = message.total;
    int length = Math.min(chunkSize, total - message.sent);
    ByteBuf chunk;
    ByteBuf staging = null;
    java.nio.ByteBuffer view = message.stream == null ? null : message.stream.reader.directView(message.sent, length);
    if (view != null) {
      // A slab of the store, sent as it is: the reader keeps it until the last chunk is written.
      ByteBuf header = ctx.alloc().buffer(CHUNK_HEADER_LENGTH)
          .writeByte(message.kind.code).writeInt(total).writeInt(message.sent);
      chunk = Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(view));
    } else if (message.frame != null && message.frame.body().isDirect()) {
      ByteBuf body = message.frame.body();
      ByteBuf header = ctx.alloc().buffer(CHUNK_HEADER_LENGTH)
          .writeByte(message.kind.code).writeInt(total).writeInt(message.sent);
      chunk = Unpooled.wrappedBuffer(header, body.retainedSlice(body.readerIndex() + message.sent, length));
    } else {
      // A heap body must be copied off the heap for the socket, and a streamed one read: into a
      // buffer of our own, reused.
      staging = takeStaging();
      staging.writeByte(message.kind.code).writeInt(total).writeInt(message.sent);
      if (message.frame != null) {
        ByteBuf body = message.frame.body();
        staging.writeBytes(body, body.readerIndex() + message.sent, length);
      } else if (!readChunk(ctx, message, staging, length)) {
        giveBackStaging(staging);
        return;
      }
      chunk = staging.retain(); // our reference brings it back when the write is done
    }
    message.sent += length;
    ChannelFuture written = ctx.write(new Frame(FrameKind.CHUNK, message.type, message.requestId, chunk));
    ChannelPromise promise = message.promise;
    boolean last = message.sent == total;
    ByteBuf used = staging;
    written.addListener(f -> {
      if (used != null) {
        giveBackStaging(used);
      }
      if (last && message.stream != null) {
        message.release(); // only now: chunks sent from the store's slabs were in Netty's queue until here
      }
      if (!f.isSuccess()) {
        promise.tryFailure(f.cause());
      } else if (last) {
        promise.trySuccess();
      }
    });
    if (last) {
      outgoing.poll();
      if (message.stream == null) {
        message.release();
      }
    }
  }

  /**
   * Reads the next {@code length} bytes of a streamed body into {@code staging}. On the event loop:
   * a read of one chunk, from the page cache as a rule, as Netty's own {@code ChunkedNioFile} reads.
   * A read that fails leaves the peer with half a message, so the connection is closed: the peer's
   * call fails and it asks again (another copy, or this one once the disk recovers).
   */
  private boolean readChunk(ChannelHandlerContext ctx, Outgoing message, ByteBuf staging, int length) {
    java.nio.ByteBuffer into = staging.nioBuffer(staging.writerIndex(), length);
    try {
      int got = 0;
      while (got < length) {
        int n = message.stream.reader.read(message.sent + got, into);
        if (n <= 0) {
          throw new java.io.IOException("the object ended after " + (message.sent + got) + " of its " + message.total
              + " bytes");
        }
        got += n;
      }
    } catch (java.io.IOException | RuntimeException e) {
      outgoing.poll();
      message.release();
      message.promise.tryFailure(e);
      ProtocolErrors.closeConnection(ctx, log, "reading the body of a streamed message failed: " + e);
      return false;
    }
    staging.writerIndex(staging.writerIndex() + length);
    return true;
  }



  /**
   * A direct buffer for one chunk of a heap body. Netty would otherwise copy each chunk into a
   * direct buffer it allocates for that one write; at this size that is fresh memory each time,
   * and on a virtual machine whose page faults are slow that, not the copy, is the cost.
   */
  private ByteBuf takeStaging() {
    ByteBuf b = staging.poll();
    return b != null ? b.clear() : Unpooled.directBuffer(CHUNK_HEADER_LENGTH + chunkSize);
  }

  // Runs on the event loop once the write is done: Netty has released its reference by then
  // (ChannelOutboundBuffer releases a message before it completes the promise).
  private void giveBackStaging(ByteBuf b) {
    if (b.refCnt() == 1 && !closed && staging.size() < MAX_STAGING) {
      staging.add(b);
    } else {
      b.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropAll();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropAll();
  }

  private void dropAll() {
    closed = true;
    for (ByteBuf b; (b = staging.poll()) != null; ) {
      b.release();
    }
    abortBodies(new ClosedChannelException());
    for (Outgoing message; (message = outgoing.poll()) != null; ) {
      message.release();
      message.promise.tryFailure(new ClosedChannelException());
    }
  }
}
