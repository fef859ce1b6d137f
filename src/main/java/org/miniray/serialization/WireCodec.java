package org.miniray.serialization;

/**
 * Protocol messages to bytes and back with a {@link Serializer}: what the cluster's RPC carries.
 * Values are wrapped so that even a top-level {@code byte[]} or {@code null} takes the
 * serializer's checked format; reading still refuses classes outside the allowlist.
 */
public final class WireCodec {
  private final Serializer serializer;

  public WireCodec(Serializer serializer) {
    this.serializer = serializer;
  }

  public byte[] encode(Object message) {
    return serializer.serialize(new Object[] {message}).bytes();
  }

  /** Decodes a message; throws {@link SerializationException} for malformed or disallowed bytes. */
  public Object decode(byte[] bytes) {
    Object o = serializer.deserialize(new SerializedObject(SerializedObject.ENCODED, bytes));
    if (!(o instanceof Object[] a) || a.length != 1) {
      throw new SerializationException("not a miniray protocol message");
    }
    return a[0];
  }

  public Serializer serializer() {
    return serializer;
  }
}
