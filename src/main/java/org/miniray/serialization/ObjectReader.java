package org.miniray.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An object's bytes read piece by piece, so that sending an object to another node never needs
 * all of it on the heap at once (a store's object spilled to a file, or held in off-heap slabs).
 * The store keeps the bytes until the reader is closed, even if the object is deleted meanwhile.
 * One user at a time.
 */
public interface ObjectReader extends AutoCloseable {

  /** The object's encoding, as {@link SerializedObject#encoding()}. */
  byte encoding();

  /** The object's size in bytes. */
  int length();

  /**
   * Copies the object's bytes from {@code position} into {@code dst}, as many as fit in it or are
   * left; returns how many (0 at the end).
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** Lets the store free what it kept for this reader. */
  @Override
  void close();

  /** A reader of an object held whole, on the heap. */
  static ObjectReader of(SerializedObject object) {
    byte[] bytes = object.bytes();
    return new ObjectReader() {
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
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }
}
