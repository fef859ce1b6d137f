package org.miniray.api.id;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An id with no structure, as Ray names nodes and workers by: 28 bytes. A miniray node's is its
 * name in UTF-8 (at most 28 bytes), padded with zeros; {@link #toString()} prints hexadecimal as
 * Ray does, and {@link #name()} gives the name back.
 */
public final class UniqueId extends BaseId {
  public static final int LENGTH = 28;
  public static final UniqueId NIL = new UniqueId(nil(LENGTH));

  private UniqueId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id of the node (or worker) called {@code name}. */
  public static UniqueId fromName(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0 || utf8.length > LENGTH) {
      throw new IllegalArgumentException("a unique id holds a name of 1 to " + LENGTH + " bytes in UTF-8, got '"
          + name + "'");
    }
    return new UniqueId(Arrays.copyOf(utf8, LENGTH));
  }

  public static UniqueId fromHexString(String hex) {
    return new UniqueId(fromHex(hex, LENGTH, "unique id"));
  }

  public static UniqueId fromBytes(byte[] bytes) {
    return new UniqueId(bytes);
  }

  /** The name this id was made from (trailing zero bytes dropped); null for {@link #NIL}. */
  public String name() {
    if (isNil()) {
      return null;
    }
    byte[] b = getBytes();
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
