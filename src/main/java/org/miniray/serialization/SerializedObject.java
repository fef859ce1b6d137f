package org.miniray.serialization;

/**
 * An object in serialized form, as the object store holds it and tasks carry their arguments.
 * Treat {@code bytes} as immutable: stores and tasks share the array.
 *
 * @param encoding {@link #ENCODED} (the serializer's format), {@link #RAW_BYTES} (a user
 *     {@code byte[]} as is), {@link #ERROR} (a failed task's error, in the serializer's format) or
 *     {@link #RAW_ARRAY} (a numeric primitive array's elements as they are, see {@link RawArrays})
 */
public record SerializedObject(byte encoding, byte[] bytes) {
  public static final byte ENCODED = 0;
  public static final byte RAW_BYTES = 1;
  public static final byte ERROR = 2;
  public static final byte RAW_ARRAY = 3;

  public SerializedObject {
    if (bytes == null) {
      throw new IllegalArgumentException("serialized bytes must not be null");
    }
    if (encoding < ENCODED || encoding > RAW_ARRAY) {
      throw new IllegalArgumentException("unknown encoding " + encoding);
    }
  }

  public long size() {
    return bytes.length;
  }

  public boolean isError() {
    return encoding == ERROR;
  }
}
