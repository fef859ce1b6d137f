package org.miniray.objectstore;

import java.util.function.Consumer;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;

/**
 * One node's store of immutable objects. Thread-safe.
 *
 * <p>Contract (checked by {@code ObjectStoreContractTest} for every implementation):
 * <ul>
 *   <li>objects are immutable: a second {@code put} of an id keeps the first value and returns
 *       false;
 *   <li>a <em>primary</em> copy (made on this node by a task or {@code put}) is never evicted;
 *       a secondary copy (pulled from another node) may be evicted, least recently used first,
 *       when the store is over capacity, and eviction listeners are told;
 *   <li>{@code usedBytes} is the sum of the sizes of the objects held.
 * </ul>
 */
public interface ObjectStore {

  /** Stores an object; returns false (and keeps the old one) when the id is already here. */
  boolean put(ObjectId id, SerializedObject object, boolean primary);

  /**
   * Stores a copy of an object whose bytes the caller keeps and may change afterwards ({@code
   * Ray.put} of a {@code byte[]}); otherwise as {@link #put}. A store may keep such a copy outside
   * the heap; {@link #get} then returns a fresh array each time, which the caller owns.
   */
  default boolean putCopy(ObjectId id, SerializedObject object, boolean primary) {
    return put(id, new SerializedObject(object.encoding(), object.bytes().clone()), primary);
  }

  /** The object, or null when it is not here. Counts as a use for eviction order. */
  SerializedObject get(ObjectId id);

  boolean contains(ObjectId id);

  /**
   * The object's encoding, or null when it is not here; unlike {@link #get}, never copies the
   * object's bytes. Counts as a use, as {@code get} does (a pull asks for it before the bytes).
   */
  default Byte encoding(ObjectId id) {
    SerializedObject o = get(id);
    return o == null ? null : o.encoding();
  }

  /** Removes the object; returns whether it was here. */
  boolean delete(ObjectId id);

  int count();

  long usedBytes();

  long capacityBytes();

  /** {@code listener} is called (on the thread that caused it) with each evicted id. */
  void addEvictionListener(Consumer<ObjectId> listener);
}
