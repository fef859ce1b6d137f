package org.miniray.serialization;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns user objects into bytes and back. Implementations are thread-safe.
 *
 * <p>Contract (checked by {@code SerializerContractTest} for every implementation):
 * <ul>
 *   <li>{@code deserialize(serialize(v))} equals {@code v} for allowed types, {@code null}
 *       included;
 *   <li>a {@code byte[]} is returned as {@link SerializedObject#RAW_BYTES} holding the same
 *       array, and read back as that array, with no copy;
 *   <li>what {@link #writerOf} writes reads back, through {@link #deserialize(SerializedObject)}
 *       and through {@link #deserialize(ObjectReader)}, as a value equal to the one written;
 *   <li>reading bytes that name a class outside the {@link Allowlist} throws
 *       {@link SerializationException} naming the class, and creates no instance of it;
 *   <li>malformed bytes throw {@link SerializationException}, never anything else.
 * </ul>
 */
public interface Serializer {

  SerializedObject serialize(Object value);

  /** Reads an object of encoding {@code ENCODED}, {@code RAW_BYTES}, {@code ERROR} or one of {@link #writerOf}'s. */
  Object deserialize(SerializedObject serialized);

  /**
   * {@code value}'s bytes as a writer that a store copies straight into its own memory, with no
   * array of them on the heap first (a {@code put} of an array, which the caller may change once
   * {@code put} returns); null when {@code value} is not one this serializer writes so (then
   * {@link #serialize} it). The default writes a {@code byte[]} so, as {@link SerializedObject#RAW_BYTES}.
   */
  default ObjectWriter writerOf(Object value) {
    return value instanceof byte[] bytes ? ObjectWriter.of(new SerializedObject(SerializedObject.RAW_BYTES, bytes)) : null;
  }

  /**
   * Reads an object from a store's reader, straight out of the store's memory where the encoding
   * allows. The default reads the bytes whole into a heap array, then {@link #deserialize(SerializedObject)}.
   */
  default Object deserialize(ObjectReader reader) {
    byte[] bytes;
    try {
      bytes = reader.readFully();
    } catch (IOException e) {
      throw new UncheckedIOException("reading an object of " + reader.length() + " bytes from its store failed: " + e, e);
    }
    return deserialize(new SerializedObject(reader.encoding(), bytes));
  }

  /** The classes this serializer may create; add a job's classes to it when the job starts. */
  Allowlist allowlist();
}
