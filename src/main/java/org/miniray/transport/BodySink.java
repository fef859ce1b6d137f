package org.miniray.transport;

import java.nio.ByteBuffer;

/**
 * Memory that a pulled object's bytes are received straight into, supplied by the puller with its
 * request ({@link NodeService#fetchObject(org.miniray.id.ObjectId, BodySink)}): how a node's store
 * takes a large object from the network with one copy, into its own memory, rather than the
 * transport assembling a heap array that the store then copies again.
 *
 * <p>Rules a transport keeps: {@link #open} is called at most once per request, when the body's
 * length is known and before any of its bytes; the bytes of an opened body are written in order,
 * each at the offset that follows the last; then exactly one of {@link Body#complete} or
 * {@link Body#abort} is called, and nothing after it. Calls may come from the transport's I/O
 * thread, so none of them may wait for another message.
 */
public interface BodySink {

  /** A body the sink declines: the transport receives it as it would without a sink. */
  BodySink NONE = (encoding, length) -> null;

  /**
   * The body of the object is {@code length} bytes in {@code encoding}
   * ({@link org.miniray.serialization.SerializedObject}'s): where to put them, or null to let the
   * transport receive them onto the heap as usual (a small object, or no room).
   */
  Body open(byte encoding, int length);

  /** One object's bytes being received. */
  interface Body {

    /** Copies {@code src}'s remaining bytes to offset {@code at} of the object; leaves {@code src} as it was. */
    void write(long at, ByteBuffer src);

    /**
     * Every byte has arrived: checks them (an object whose checksum does not match is refused with
     * an exception naming it, and its memory freed) and makes the object the receiver's.
     */
    void complete();

    /** The transfer failed or was cut off ({@code why}): frees what {@link #open} took. */
    void abort(Throwable why);
  }
}
