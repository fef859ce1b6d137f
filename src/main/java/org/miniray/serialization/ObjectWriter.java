package org.miniray.serialization;

import java.nio.ByteBuffer;

/**
 * An object's bytes, written on demand into memory its receiver provides: the way a value reaches
 * a store without first becoming a {@code byte[]} on the heap. The store asks for the bytes piece
 * by piece, straight into its own off-heap slabs, so a large primitive array costs one bulk copy
 * of memory the store reuses, rather than a fresh heap array (and its page faults and collections)
 * followed by a second copy. The mirror of {@link ObjectReader}. One user at a time; the value it
 * writes must not change until the receiver is done.
 */
public interface ObjectWriter {

  /** The object's encoding, as {@link SerializedObject#encoding()}. */
  byte encoding();

  /** The object's size in bytes. */
  int length();

  /**
   * Writes the object's bytes from {@code position} into {@code dst}, as many as fit in it or are
   * left, advancing its position; returns how many (0 at the end).
   */
  int write(long position, ByteBuffer dst);

  /** The object written whole into a new heap array: for a receiver that keeps objects on the heap. */
  default SerializedObject toSerializedObject() {
    byte[] out = new byte[length()];
    ByteBuffer dst = ByteBuffer.wrap(out);
    while (dst.hasRemaining()) {
      write(dst.position(), dst);
    }
    return new SerializedObject(encoding(), out);
  }

  /** A writer of an object already serialized on the heap (a {@code byte[]} put as it is, say). */
  static ObjectWriter of(SerializedObject object) {
    return new HeapBytes(object);
  }
}
