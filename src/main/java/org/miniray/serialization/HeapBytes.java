package org.miniray.serialization;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** An object held whole on the heap, read ({@link ObjectReader#of}) or written ({@link ObjectWriter#of}) from its array. */
final class HeapBytes implements ObjectReader, ObjectWriter {
  private final SerializedObject object;
  private final byte[] bytes;

  HeapBytes(SerializedObject object) {
    this.object = object;
    this.bytes = object.bytes();
  }

  @Override
  public byte encoding() {
    return object.encoding();
  }

  @Override
  public int length() {
    return bytes.length;
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    return write(position, dst);
  }

  @Override
  public int write(long position, ByteBuffer dst) {
    int n = (int) Math.min(dst.remaining(), bytes.length - position);
    dst.put(bytes, (int) position, n);
    return n;
  }

  @Override
  public void readAll(Consumer<ByteBuffer> sink) {
    sink.accept(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
  }

  @Override
  public SerializedObject toSerializedObject() {
    return new SerializedObject(object.encoding(), bytes.clone());
  }

  @Override
  public void close() {}
}
