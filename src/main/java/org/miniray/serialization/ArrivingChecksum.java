package org.miniray.serialization;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The checksum of an {@link SerializedObject#ENCODED} or {@link SerializedObject#ERROR} object
 * (see {@link ForySerializer}: a CRC32C of the rest behind its first 4 bytes) checked while its
 * bytes arrive in order, in pieces of any size: how a store that receives a pulled object straight
 * into its own memory refuses a corrupt one before anyone can read it, without reading it again.
 * Other encodings carry no checksum ({@link RawArrays} checks its header against the length when
 * read). One object, one thread.
 */
public final class ArrivingChecksum {
  private final int length;
  private final CRC32C crc = new CRC32C();
  private int stored; // the first CHECKSUM_BYTES bytes, little-endian
  private long seen;

  private ArrivingChecksum(int length) {
    this.length = length;
  }

  /** A check for an object of {@code length} bytes in {@code encoding}, or null when the encoding has no checksum. */
  public static ArrivingChecksum of(byte encoding, int length) {
    return encoding == SerializedObject.ENCODED || encoding == SerializedObject.ERROR ? new ArrivingChecksum(length) : null;
  }

  /** Takes {@code piece}'s remaining bytes, which are the object's from offset {@code at}; leaves {@code piece} as it was. */
  public void update(long at, ByteBuffer piece) {
    if (at != seen) {
      throw new IllegalArgumentException("bytes at offset " + at + " arrived after " + seen + " bytes: they must come in order");
    }
    ByteBuffer in = piece.duplicate();
    while (in.hasRemaining() && seen < ForySerializer.CHECKSUM_BYTES) {
      stored |= (in.get() & 0xff) << (8 * seen);
      seen++;
    }
    seen += in.remaining();
    crc.update(in);
  }

  /** Throws a {@link SerializationException} unless every byte arrived and the checksum matches them. */
  public void verify() {
    if (seen != length || length <= ForySerializer.CHECKSUM_BYTES) {
      throw new SerializationException("malformed serialized object: " + seen + " of its " + length
          + " bytes arrived, and it needs more than " + ForySerializer.CHECKSUM_BYTES);
    }
    if (stored != (int) crc.getValue()) {
      throw new SerializationException("malformed serialized object (" + length + " bytes): checksum mismatch; "
          + "the bytes are corrupt or were cut short on the way");
    }
  }
}
