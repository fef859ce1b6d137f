package org.miniray.objectstore;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.miniray.id.ObjectId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.transport.NodeObjects;

/**
 * One node's store of immutable objects. Thread-safe.
 *
 * <p>Contract (checked by {@code ObjectStoreContractTest} for every implementation):
 * <ul>
 *   <li>objects are immutable: a second {@code put} of an id keeps the first value and returns
 *       false;
 *   <li>the store never keeps more than {@link #capacityBytes} of objects in memory:
 *       {@code usedBytes() <= capacityBytes()} at all times, whatever way an object came (a task's
 *       result, {@code put}, a pulled or pushed copy);
 *   <li>to make room, a secondary copy (pulled from another node) may be evicted, least recently
 *       used first, and eviction listeners are told; a <em>primary</em> copy (made on this node by
 *       a task or {@code put}) is never evicted: it is <em>spilled</em>, least recently used first,
 *       to a file of its own in the store's spill directory, and stays in the store (spilling is
 *       not an eviction);
 *   <li>an object larger than the capacity goes straight to a file, primary or not;
 *   <li>{@link #get} of a spilled object reads it back from its file, byte for byte;
 *   <li>{@link #delete} of a spilled object deletes its file; {@link #close} deletes them all;
 *   <li>{@code usedBytes} is the sum of the sizes of the objects in memory, {@link #usage} counts
 *       the spilled ones too, and {@link #count} is every object held, in memory or spilled.
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

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

  /**
   * Stores an object that {@code writer} writes on demand (a primitive array put by a program,
   * which the caller may change afterwards); otherwise as {@link #putCopy}. A store that keeps
   * objects off the heap has it write straight into that memory, with no heap copy in between; the
   * default writes it into a new heap array and puts that.
   */
  default boolean putFrom(ObjectId id, ObjectWriter writer, boolean primary) {
    return put(id, writer.toSerializedObject(), primary);
  }

  /**
   * Room in this store's own memory for an object whose bytes are to be written into it as they
   * arrive (a pull from another node), or null when the store takes this object only whole, through
   * {@link #put} (a small object, one larger than the capacity, a store that keeps objects on the
   * heap, or no memory to be had). Room is made as for a {@code put} ({@code usedBytes} does not
   * count the reservation until it is committed), and the object is invisible until
   * {@link Reservation#commit}. A put never waits for a reservation: its bytes may come on the very
   * thread that puts; when only reservations hold the memory a put needs, the store may go over its
   * capacity until they are committed or cancelled.
   */
  default Reservation reserve(ObjectId id, byte encoding, int length, boolean primary) {
    return null;
  }

  /**
   * An object being received into the store's memory ({@link #reserve}). Its bytes are written,
   * then it is either committed or cancelled, once; thread-safe.
   */
  interface Reservation {

    /** Copies {@code src}'s remaining bytes to offset {@code at} of the object; leaves {@code src} as it was. */
    void write(long at, ByteBuffer src);

    /**
     * Makes the object visible, as a {@code put} of it would; returns false (and frees the
     * reservation) when the id was stored meanwhile, as a second put of an id does.
     */
    boolean commit();

    /** Frees the reservation: the object never arrived. Does nothing once committed or cancelled. */
    void cancel();
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

  /**
   * A reader of the object's bytes, or null when it is not here: how a node serves a pull without
   * loading a spilled (or off-heap) object whole onto the heap. The object's bytes stay readable
   * until the reader is closed, even if the object is deleted meanwhile. Counts as a use.
   */
  default ObjectReader open(ObjectId id) {
    SerializedObject o = get(id);
    return o == null ? null : ObjectReader.of(o);
  }

  /** The object's size in bytes, or -1 when it is not here; not a use (a store should not copy the bytes for it). */
  default long sizeOf(ObjectId id) {
    SerializedObject o = get(id);
    return o == null ? -1 : o.size();
  }

  /** Removes the object (and its file, if it was spilled); returns whether it was here. */
  boolean delete(ObjectId id);

  /** Objects held, in memory or spilled. */
  int count();

  /** Bytes of the objects held in memory; at most {@link #capacityBytes}. */
  default long usedBytes() {
    return usage().memoryBytes();
  }

  default long capacityBytes() {
    return usage().capacityBytes();
  }

  /** What the store holds in memory and on disk, in one consistent snapshot. */
  StoreUsage usage();

  /**
   * Every object held, in memory or spilled, in one snapshot; no object's bytes are read or
   * copied, and no object counts as used: what a job's end and {@code miniray memory} walk.
   */
  List<NodeObjects.Copy> copies();

  /**
   * Deletes every spilled file and the spill directory (the node stops). The objects in memory
   * stay readable; the spilled ones are gone, and nothing is spilled any more.
   */
  @Override
  void close();

  /** {@code listener} is called (on the thread that caused it) with each evicted id. */
  void addEvictionListener(Consumer<ObjectId> listener);
}
