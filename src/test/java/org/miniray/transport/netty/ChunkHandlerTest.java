package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol.FrameKind;

class ChunkHandlerTest {
  private static final int CHUNK = 10;

  private static EmbeddedChannel chunks(int maxMessage) {
    return new EmbeddedChannel(new ChunkHandler(CHUNK, maxMessage));
  }

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static List<Frame> drainOutbound(EmbeddedChannel ch) {
    List<Frame> out = new ArrayList<>();
    for (Frame f; (f = ch.readOutbound()) != null; ) {
      out.add(f);
    }
    return out;
  }

  private static Frame chunk(FrameKind kind, long id, int total, int offset, byte[] data) {
    return new Frame(FrameKind.CHUNK, 1, id, Unpooled.buffer()
        .writeByte(kind.code).writeInt(total).writeInt(offset).writeBytes(data));
  }

  @Test
  void largeMessageTravelsInChunksAndArrivesWhole() {
    EmbeddedChannel sender = chunks(1000);
    EmbeddedChannel receiver = chunks(1000);
    byte[] body = counting(35);
    sender.writeOutbound(Frame.of(FrameKind.REQUEST, 3, 77, body));

    List<Frame> sent = drainOutbound(sender);
    assertThat(sent).extracting(Frame::kind).containsOnly(FrameKind.CHUNK);
    assertThat(sent).extracting(f -> f.body().readableBytes() - ChunkHandler.CHUNK_HEADER_LENGTH)
        .containsExactly(10, 10, 10, 5);
    assertThat(sent).as("a heap body is copied into direct buffers for the socket")
        .allMatch(f -> f.body().isDirect());

    sent.forEach(receiver::writeInbound);
    Frame whole = receiver.readInbound();
    assertThat(whole.kind()).isEqualTo(FrameKind.REQUEST);
    assertThat(whole.type()).isEqualTo(3);
    assertThat(whole.requestId()).isEqualTo(77);
    assertThat(whole.body().array()).as("reassembled into one array of the total length").hasSize(35);
    assertThat(whole.takeBody()).isEqualTo(body);
    assertThat((Object) receiver.readInbound()).isNull();
  }

  /** A reader of {@code bytes} that fails at {@code failAt} (or never, if beyond) and counts its reads and closes. */
  private static class CountingReader implements org.miniray.serialization.ObjectReader {
    final byte[] bytes;
    final int failAt;
    int reads;
    int closes;

    CountingReader(byte[] bytes, int failAt) {
      this.bytes = bytes;
      this.failAt = failAt;
    }

    @Override
    public byte encoding() {
      return 1;
    }

    @Override
    public int length() {
      return bytes.length;
    }

    @Override
    public int read(long position, java.nio.ByteBuffer dst) throws java.io.IOException {
      reads++;
      if (position >= failAt) {
        throw new java.io.IOException("disk gone at " + position);
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      return n;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void streamedBodyIsReadOneChunkAtATimeAndArrivesWhole() {
    EmbeddedChannel sender = chunks(1000);
    EmbeddedChannel receiver = chunks(1000);
    CountingReader reader = new CountingReader(counting(25), Integer.MAX_VALUE);
    ChannelFuture written = sender.writeAndFlush(new StreamedBody(FrameKind.RESPONSE, 3, 79, reader));

    List<Frame> sent = drainOutbound(sender);
    assertThat(sent).extracting(f -> f.body().readableBytes() - ChunkHandler.CHUNK_HEADER_LENGTH)
        .containsExactly(10, 10, 5);
    assertThat(written.isSuccess()).isTrue();
    assertThat(reader.closes).as("the reader is closed once its bytes are sent").isEqualTo(1);
    sent.forEach(receiver::writeInbound);
    Frame whole = receiver.readInbound();
    assertThat(whole.kind()).isEqualTo(FrameKind.RESPONSE);
    assertThat(whole.takeBody()).isEqualTo(counting(25));
  }

  @Test
  void aStreamedBodyInDirectMemoryIsSentFromItWithoutACopy() {
    EmbeddedChannel sender = chunks(1000);
    EmbeddedChannel receiver = chunks(1000);
    java.nio.ByteBuffer slab = java.nio.ByteBuffer.allocateDirect(25).put(counting(25)).flip();
    CountingReader reader = new CountingReader(counting(25), 0) { // any read() fails: views only
      @Override
      public java.nio.ByteBuffer directView(long position, int length) {
        return slab.asReadOnlyBuffer().position((int) position).limit((int) position + length).slice();
      }
    };
    ChannelFuture written = sender.writeAndFlush(new StreamedBody(FrameKind.RESPONSE, 3, 81, reader));
    List<Frame> sent = drainOutbound(sender);
    assertThat(written.isSuccess()).isTrue();
    assertThat(reader.reads).as("reads into a staging buffer").isZero();
    assertThat(reader.closes).as("closed once the last chunk is written").isEqualTo(1);
    slab.put(12, (byte) 99); // the chunks are views of the slab, not copies
    sent.forEach(receiver::writeInbound);
    byte[] expected = counting(25);
    expected[12] = 99;
    assertThat(((Frame) receiver.readInbound()).takeBody()).isEqualTo(expected);
  }

  @Test
  void aStreamedBodyThatCannotBeReadClosesTheConnection() {
    EmbeddedChannel sender = chunks(1000);
    CountingReader reader = new CountingReader(counting(25), 10);
    ChannelFuture written = sender.writeAndFlush(new StreamedBody(FrameKind.RESPONSE, 3, 80, reader));
    drainOutbound(sender).forEach(Frame::release);
    assertThat(written.isSuccess()).isFalse();
    assertThat(written.cause()).hasMessageContaining("disk gone at 10");
    assertThat(reader.closes).isEqualTo(1);
    assertThat(sender.isActive()).as("the peer would wait for the rest: the connection goes").isFalse();
  }

  @Test
  void directBodyTravelsAsSlicesOfItself() {
    EmbeddedChannel sender = chunks(1000);
    ByteBuf body = Unpooled.directBuffer(35).writeBytes(counting(35));
    sender.writeOutbound(new Frame(FrameKind.REQUEST, 3, 78, body));
    body.setByte(34, 99); // the chunks are views of this buffer, not copies

    List<Frame> sent = drainOutbound(sender);
    assertThat(sent).hasSize(4);
    assertThat(sent.get(3).body().getByte(ChunkHandler.CHUNK_HEADER_LENGTH + 4)).isEqualTo((byte) 99);
    sent.forEach(Frame::release);
  }

  @Test
  void smallMessagesPassUntouched() {
    EmbeddedChannel ch = chunks(1000);
    ch.writeOutbound(Frame.of(FrameKind.RESPONSE, 1, 1, counting(CHUNK)));
    Frame out = ch.readOutbound();
    assertThat(out.kind()).isEqualTo(FrameKind.RESPONSE);
    out.release();
    ch.writeInbound(Frame.of(FrameKind.ONE_WAY, 1, 1, counting(3)));
    Frame in = ch.readInbound();
    assertThat(in.kind()).isEqualTo(FrameKind.ONE_WAY);
    in.release();
  }

  @Test
  void chunksAreWrittenOnlyWhileTheChannelIsWritable() {
    EmbeddedChannel ch = chunks(1000);
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    ChannelFuture written = ch.writeAndFlush(Frame.of(FrameKind.ONE_WAY, 1, 1, counting(25)));
    assertThat(drainOutbound(ch)).as("chunks written while not writable").isEmpty();
    assertThat(written.isDone()).isFalse();

    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    ch.runPendingTasks(); // the writability event is delivered on the event loop
    assertThat(drainOutbound(ch)).hasSize(3);
    assertThat(written.isSuccess()).isTrue();
  }

  @Test
  void interleavedMessagesAreReassembledApart() {
    EmbeddedChannel ch = chunks(1000);
    ch.writeInbound(chunk(FrameKind.REQUEST, 1, 12, 0, counting(10)));
    ch.writeInbound(chunk(FrameKind.RESPONSE, 1, 11, 0, counting(10)));
    ch.writeInbound(chunk(FrameKind.RESPONSE, 1, 11, 10, new byte[] {10}));
    ch.writeInbound(chunk(FrameKind.REQUEST, 1, 12, 10, new byte[] {10, 11}));
    Frame response = ch.readInbound();
    Frame request = ch.readInbound();
    assertThat(response.kind()).isEqualTo(FrameKind.RESPONSE);
    assertThat(response.takeBody()).isEqualTo(counting(11));
    assertThat(request.kind()).isEqualTo(FrameKind.REQUEST);
    assertThat(request.takeBody()).isEqualTo(counting(12));
  }

  @Test
  void messageAboveTheLimitIsRefusedAtItsFirstChunk() {
    EmbeddedChannel ch = chunks(100);
    try (LogCapture log = new LogCapture(ChunkHandler.class)) {
      ch.writeInbound(chunk(FrameKind.REQUEST, 1, Integer.MAX_VALUE, 0, counting(10)));
      assertThat(ch.isOpen()).isFalse();
      assertThat(log.lines()).singleElement().asString()
          .contains("announced a message of 2147483647 bytes, above maxMessageSize 100");
    }
  }

  @Test
  void chunkThatDoesNotContinueItsMessageIsRefused() {
    EmbeddedChannel ch = chunks(100);
    ch.writeInbound(chunk(FrameKind.REQUEST, 1, 30, 0, counting(10)));
    ch.writeInbound(chunk(FrameKind.REQUEST, 1, 30, 20, counting(10)));
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.isOpen()).isFalse();
  }
  /** A receiver's body that records what it was given and how it ended. */
  private static final class RecordingBody implements org.miniray.transport.BodySink.Body {
    final byte[] bytes;
    int pieces;
    int completed;
    Throwable aborted;
    boolean refuse;

    RecordingBody(int length) {
      bytes = new byte[length];
    }

    @Override
    public void write(long at, java.nio.ByteBuffer src) {
      src.duplicate().get(bytes, (int) at, src.remaining());
      pieces++;
    }

    @Override
    public void complete() {
      if (refuse) {
        throw new IllegalStateException("checksum mismatch");
      }
      completed++;
    }

    @Override
    public void abort(Throwable why) {
      aborted = why;
    }
  }

  private static List<Frame> chunked(long id, byte[] body, FrameKind kind) {
    EmbeddedChannel sender = chunks(1000);
    sender.writeOutbound(Frame.of(kind, 3, id, body));
    return drainOutbound(sender);
  }

  @Test
  void aResponseWhoseCallBroughtAReceiverGoesIntoItsBodyAndAnEmptyResponseGoesUp() {
    RecordingBody[] body = new RecordingBody[1];
    EmbeddedChannel receiver = new EmbeddedChannel(new ChunkHandler(CHUNK, 1000,
        (id, length) -> id == 5 ? (body[0] = new RecordingBody(length)) : null));
    byte[] bytes = counting(35);
    chunked(5, bytes, FrameKind.RESPONSE).forEach(receiver::writeInbound);
    Frame up = receiver.readInbound();
    assertThat(up.kind()).isEqualTo(FrameKind.RESPONSE);
    assertThat(up.requestId()).isEqualTo(5);
    assertThat(up.takeBody()).as("what goes up once the body took the bytes").isEmpty();
    assertThat(body[0].bytes).isEqualTo(bytes);
    assertThat(body[0].completed).isEqualTo(1);
    assertThat(body[0].aborted).isNull();

    chunked(6, bytes, FrameKind.RESPONSE).forEach(receiver::writeInbound);
    Frame other = receiver.readInbound();
    assertThat(other.takeBody()).as("a response no receiver takes, assembled as before").isEqualTo(bytes);
  }

  @Test
  void aBodyThatRefusesItsBytesFailsTheCallAndTheConnectionLives() {
    RecordingBody[] body = new RecordingBody[1];
    EmbeddedChannel receiver = new EmbeddedChannel(new ChunkHandler(CHUNK, 1000, (id, length) -> {
      body[0] = new RecordingBody(length);
      body[0].refuse = true;
      return body[0];
    }));
    chunked(5, counting(35), FrameKind.RESPONSE).forEach(receiver::writeInbound);
    Frame up = receiver.readInbound();
    assertThat(up.kind()).isEqualTo(FrameKind.ERROR_RESPONSE);
    assertThat(new String(up.takeBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("checksum mismatch");
    assertThat(receiver.isActive()).as("the connection after a refused body").isTrue();
  }

  @Test
  void aConnectionClosedMidwayAbortsTheBodyBeingReceived() {
    RecordingBody[] body = new RecordingBody[1];
    EmbeddedChannel receiver = new EmbeddedChannel(new ChunkHandler(CHUNK, 1000,
        (id, length) -> body[0] = new RecordingBody(length)));
    List<Frame> sent = chunked(5, counting(35), FrameKind.RESPONSE);
    receiver.writeInbound(sent.get(0));
    receiver.writeInbound(sent.get(1));
    sent.subList(2, sent.size()).forEach(Frame::release);
    receiver.close();
    assertThat(body[0].aborted).as("why the half-received body was aborted").isNotNull();
    assertThat(body[0].completed).isZero();
    assertThat((Object) receiver.readInbound()).isNull();
  }

  @Test
  void aChunkInSeveralBuffersIsCopiedPieceByPiece() {
    RecordingBody[] body = new RecordingBody[1];
    EmbeddedChannel receiver = new EmbeddedChannel(new ChunkHandler(CHUNK, 1000,
        (id, length) -> body[0] = new RecordingBody(length)));
    ByteBuf header = Unpooled.buffer().writeByte(FrameKind.RESPONSE.code).writeInt(10).writeInt(0).writeBytes(counting(4));
    ByteBuf rest = Unpooled.buffer().writeBytes(counting(10), 4, 6);
    receiver.writeInbound(new Frame(FrameKind.CHUNK, 3, 9, Unpooled.wrappedBuffer(header, rest)));
    Frame up = receiver.readInbound();
    assertThat(up.kind()).isEqualTo(FrameKind.RESPONSE);
    up.release();
    assertThat(body[0].bytes).isEqualTo(counting(10));
    assertThat(body[0].pieces).as("copies into the body for a chunk held in two buffers").isEqualTo(2);
  }
}
