package org.miniray.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

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

  /**
   * Hands the object's bytes, from the start and in order, to {@code sink} as buffers that are
   * valid only during each call: what a decoder that copies them straight into its own arrays
   * needs. A reader of bytes in memory (slabs, a heap array) hands them over as they are, with no
   * copy; by default they are read in 1 MiB chunks into one buffer (a spilled file).
   */
  default void readAll(Consumer<ByteBuffer> sink) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(Math.max(1, Math.min(length(), READ_ALL_CHUNK)));
    for (long at = 0; at < length(); ) {
      chunk.clear();
      int n = read(at, chunk);
      if (n <= 0) {
        throw new IOException("the object's bytes end after " + at + " of its " + length());
      }
      at += n;
      sink.accept(chunk.flip());
    }
  }

  /**
   * The {@code length} bytes at {@code position} as a read-only view of the memory that holds them,
   * valid until this reader is closed, when they lie in one piece of direct memory (one of a
   * store's slabs): what a socket can send with no copy. Null otherwise (the heap, a file, a range
   * across two pieces): then {@link #read} them.
   */
  default ByteBuffer directView(long position, int length) {
    return null;
  }

  /**
   * The object's bytes read whole into a new heap array, in 1 MiB chunks: the JDK reads a file into
   * a heap buffer through a temporary direct buffer as large as the read, kept per thread.
   */
  default byte[] readFully() throws IOException {
    byte[] out = new byte[length()];
    for (int at = 0; at < out.length; ) {
      int n = read(at, ByteBuffer.wrap(out, at, Math.min(READ_ALL_CHUNK, out.length - at)));
      if (n <= 0) {
        throw new IOException("the object's bytes end after " + at + " of its " + out.length);
      }
      at += n;
    }
    return out;
  }

  /** The chunk of {@link #readAll}'s default: as the store's slabs and spill files. */
  int READ_ALL_CHUNK = 1 << 20;

  /** Lets the store free what it kept for this reader. */
  @Override
  void close();

  /** A reader of an object held whole, on the heap. */
  static ObjectReader of(SerializedObject object) {
    return new HeapBytes(object);
  }
}
