package org.miniray.serialization;

/**
 * Protocol messages to bytes and back: what the cluster's RPC carries. A {@link ProtocolCodec}
 * over the wire's table of classes ({@code transport.netty.Protocol.CLASSES}, whose
 * {@code Protocol.codec()} makes the one a process uses). No user value goes through it: a
 * user's value travels inside a message as the bytes its {@link Serializer} wrote.
 */
public final class WireCodec {
  private final ProtocolCodec codec;

  public WireCodec(ProtocolCodec codec) {
    this.codec = codec;
  }

  public byte[] encode(Object message) {
    return codec.encode(message);
  }

  /** Decodes a message; throws {@link SerializationException} for malformed bytes or a class outside the table. */
  public Object decode(byte[] bytes) {
    return codec.decode(bytes);
  }
}
