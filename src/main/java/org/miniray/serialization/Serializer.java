package org.miniray.serialization;

/**
 * Turns user objects into bytes and back. Implementations are thread-safe.
 *
 * <p>Contract (checked by {@code SerializerContractTest} for every implementation):
 * <ul>
 *   <li>{@code deserialize(serialize(v))} equals {@code v} for allowed types, {@code null}
 *       included;
 *   <li>a {@code byte[]} is returned as {@link SerializedObject#RAW_BYTES} holding the same
 *       array, and read back as that array, with no copy;
 *   <li>reading bytes that name a class outside the {@link Allowlist} throws
 *       {@link SerializationException} naming the class, and creates no instance of it;
 *   <li>malformed bytes throw {@link SerializationException}, never anything else.
 * </ul>
 */
public interface Serializer {

  SerializedObject serialize(Object value);

  /** Reads an object of encoding {@code ENCODED}, {@code RAW_BYTES} or {@code ERROR}. */
  Object deserialize(SerializedObject serialized);

  /** The classes this serializer may create; add a job's classes to it when the job starts. */
  Allowlist allowlist();
}
