package org.miniray.api.id;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An id as Ray's Java API shows it: a fixed number of bytes, printed in hexadecimal; the nil
 * id of each kind is all {@code 0xff}. Ids compare by kind and bytes.
 */
public abstract class BaseId {
  private final byte[] bytes;

  protected BaseId(byte[] bytes, int size) {
    if (bytes == null || bytes.length != size) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " takes " + size + " bytes, got "
          + (bytes == null ? "null" : bytes.length));
    }
    this.bytes = bytes.clone();
  }

  /** The id's bytes (a copy). */
  public byte[] getBytes() {
    return bytes.clone();
  }

  /** How many bytes an id of this kind has. */
  public int size() {
    return bytes.length;
  }

  /** Whether this is the kind's {@code NIL} id. */
  public boolean isNil() {
    for (byte b : bytes) {
      if (b != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  static byte[] nil(int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) 0xff);
    return b;
  }

  static byte[] fromHex(String hex, int size, String kind) {
    byte[] b;
    try {
      b = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("not a " + kind + ": '" + hex + "' (expected " + 2 * size
          + " hexadecimal digits)");
    }
    if (b.length != size) {
      throw new IllegalArgumentException("not a " + kind + ": '" + hex + "' (expected " + 2 * size
          + " hexadecimal digits)");
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(((BaseId) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The bytes in hexadecimal, as Ray prints ids. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
