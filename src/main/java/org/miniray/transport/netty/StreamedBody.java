package org.miniray.transport.netty;

import io.netty.util.AbstractReferenceCounted;
import org.miniray.serialization.ObjectReader;
import org.miniray.transport.netty.Protocol.FrameKind;

/**
 * A message whose body is read from an {@link ObjectReader} as it is sent, never held whole: the
 * {@link ChunkHandler} turns it into CHUNK frames, reading each chunk into one of its direct
 * buffers. Releasing it (once sent, or when its connection closes first) closes the reader.
 */
final class StreamedBody extends AbstractReferenceCounted {
  final FrameKind kind;
  final int type;
  final long requestId;
  final ObjectReader reader;

  StreamedBody(FrameKind kind, int type, long requestId, ObjectReader reader) {
    this.kind = kind;
    this.type = type;
    this.requestId = requestId;
    this.reader = reader;
  }

  @Override
  protected void deallocate() {
    reader.close();
  }

  @Override
  public StreamedBody touch(Object hint) {
    return this;
  }

  @Override
  public String toString() {
    return kind + "(type " + type + ", id " + requestId + ", " + reader.length() + " bytes, streamed)";
  }
}
