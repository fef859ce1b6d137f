package org.miniray.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.ObjectId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.transport.NodeObjects;

/**
 * An {@link ObjectStore} that keeps at most its capacity in memory and spills the rest to local
 * disk (paper section 4.2.3).
 *
 * <p>Memory: objects under {@link #SLAB_BYTES} stay on the heap (shared with whoever put them, or
 * a copy for {@link #putCopy}); larger ones are written into slabs of a {@link SlabPool}, direct
 * memory reused from object to object ({@link #putFrom}: straight from a primitive array), so
 * gigabytes passing through never pile up on the heap; {@link #get} copies one out into a new array
 * the caller owns (as Ray's Java {@code get} copies out of Plasma), {@link #open} reads it in place.
 *
 * <p>Making room: before an object comes into memory, {@code usedBytes() + size} must fit the
 * capacity. Secondary copies go first, least recently used first, and listeners hear of each
 * eviction; then primary copies are spilled, least recently used first, each to a file of its own
 * in the node's {@link SpillDirectory}; the new object waits until the files are written, so
 * {@code usedBytes() <= capacityBytes()} holds at every moment. An object larger than the
 * capacity is written straight to a file. A spilled object stays on disk until it is deleted:
 * {@link #get} reads its file into a new array each time (the page cache keeps files read often in
 * memory) and does not bring it back, so reading a working set larger than the store never writes
 * a file twice. A {@code get} or {@code open} is a use; {@code contains} is not.
 *
 * <p>Locking: one lock guards the maps and the byte counts; copying into and out of slabs and
 * reading and writing files happen outside it. An entry being read (or spilled) keeps its slabs
 * and its file until the last reader is done, even if it is deleted meanwhile. Eviction listeners
 * run after the lock is released, so a listener may call back into the store, and by the time it
 * runs the store may already have changed again.
 */
public final class HeapObjectStore implements ObjectStore {
  /** Slab size of the pool for large objects; smaller ones stay on the heap. */
  static final int SLAB_BYTES = 1 << 20;

  private final long capacityBytes;
  private final SpillDirectory spill;
  private final SlabPool pool;
  private final Object lock = new Object();
  private final Map<ObjectId, StoreEntry> entries = new HashMap<>(); // guarded by lock, every object held
  // The objects in memory (those being spilled included), in access order: the least recently used first.
  private final LinkedHashMap<ObjectId, StoreEntry> inMemory = new LinkedHashMap<>(16, 0.75f, true);
  private final StoreReads reads = new StoreReads(lock, entries, inMemory, this::releaseSlabsIfUnread);
  private long used; // bytes in memory plus reserved; guarded by lock; never above capacityBytes
  private long reserved; // bytes of objects being put, room made for them but not yet held
  private long arriving; // the part of reserved that objects arriving from the network hold (reserve)
  private long spillingBytes; // bytes of entries being written to their files
  private int spilledCount;
  private long spilledBytes;
  private boolean closed;
  private final EvictionListeners listeners = new EvictionListeners();

  /** A store whose spilled objects go to {@code spill}, which it removes when it closes. */
  public HeapObjectStore(long capacityBytes, SpillDirectory spill) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("object store capacity must be at least 1 byte, got " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.spill = Objects.requireNonNull(spill, "spill");
    this.pool = new SlabPool(SLAB_BYTES, capacityBytes);
  }

  /** A store of {@code miniray.objectstore.capacity.bytes} bytes spilling under {@code miniray.objectstore.spill.dir}. */
  public HeapObjectStore(MinirayConfig config) {
    this(DirectMemory.storeCapacity(config.get(Keys.OBJECT_STORE_CAPACITY)), SpillDirectory.forNode(config.get(Keys.OBJECT_STORE_SPILL_DIR), "store"));
  }

  @Override
  public boolean put(ObjectId id, SerializedObject object, boolean primary) {
    return insert(id, ObjectWriter.of(object), primary, () -> object);
  }

  @Override
  public boolean putCopy(ObjectId id, SerializedObject object, boolean primary) {
    return putFrom(id, ObjectWriter.of(object), primary);
  }

  /** Large: written straight into slabs, so a primitive array's elements go there with no heap array between. */
  @Override
  public boolean putFrom(ObjectId id, ObjectWriter writer, boolean primary) {
    return insert(id, writer, primary, writer::toSerializedObject);
  }

  private boolean insert(ObjectId id, ObjectWriter writer, boolean primary, Supplier<SerializedObject> onHeap) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(writer, "object");
    if (contains(id)) {
      return false; // spares the work; checked again below
    }
    List<ObjectId> evicted = new ArrayList<>();
    try {
      return insert(id, writer, primary, onHeap, evicted);
    } finally {
      listeners.tell(evicted); // after the lock is released, whatever happened
    }
  }

  private boolean insert(ObjectId id, ObjectWriter writer, boolean primary, Supplier<SerializedObject> onHeap,
      List<ObjectId> evicted) {
    int size = writer.length();
    if (!makeRoom(size, evicted)) {
      return insertSpilled(id, onHeap.get(), primary);
    }
    StoreEntry e = new StoreEntry(writer.encoding(), size, primary);
    try {
      if (size >= SLAB_BYTES) {
        e.slabs = pool.writtenBy(writer);
      }
      if (e.slabs == null) { // small, or no direct memory left: the heap, then
        e.object = onHeap.get();
      }
    } catch (RuntimeException | Error t) {
      unreserve(size, false);
      throw t;
    }
    return admit(id, e, false);
  }

  /** The room made for an object that will not come in after all (its put failed, its arrival was cancelled). */
  void unreserve(long size, boolean arrival) {
    synchronized (lock) {
      reserved -= size;
      used -= size;
      arriving -= arrival ? size : 0;
      lock.notifyAll();
    }
  }

  /** The reservation becomes the entry (used stays); false, its slabs given back, when the id came meanwhile. */
  boolean admit(ObjectId id, StoreEntry e, boolean arrival) {
    synchronized (lock) {
      reserved -= e.size;
      arriving -= arrival ? e.size : 0;
      if (entries.containsKey(id)) {
        used -= e.size;
        if (e.slabs != null) {
          pool.give(e.slabs);
        }
        lock.notifyAll();
        return false;
      }
      entries.put(id, e);
      inMemory.put(id, e);
      lock.notifyAll(); // a put waiting for room may spill this one
      return true;
    }
  }

  /** Large objects only, in slabs: a small one is put whole, on the heap, and a larger one than the store goes to a file. */
  @Override
  public Reservation reserve(ObjectId id, byte encoding, int length, boolean primary) {
    Objects.requireNonNull(id, "id");
    if (length < SLAB_BYTES || contains(id)) {
      return null;
    }
    List<ObjectId> evicted = new ArrayList<>();
    boolean room;
    ByteBuffer[] slabs;
    try {
      room = makeRoom(length, evicted); // false: larger than the store, for a file
      slabs = room ? pool.takeFor(length) : null;
    } finally {
      listeners.tell(evicted);
    }
    if (slabs == null) {
      if (room) { // no direct memory left: the caller puts it whole, on the heap
        unreserve(length, false);
      }
      return null;
    }
    synchronized (lock) {
      arriving += length;
    }
    return new ArrivingObject(this, id, new StoreEntry(encoding, length, primary), slabs);
  }

  /**
   * Reserves {@code size} bytes of memory, evicting secondaries and spilling primaries as needed;
   * returns false when the object must go straight to disk (it is larger than the capacity).
   */
  private boolean makeRoom(long size, List<ObjectId> evicted) {
    while (true) {
      List<Map.Entry<ObjectId, StoreEntry>> victims = new ArrayList<>();
      synchronized (lock) {
        while (victims.isEmpty()) {
          // Closed, it has nowhere to spill: it keeps what comes in memory, over capacity if need be.
          if (used + size <= capacityBytes || closed) {
            used += size;
            reserved += size;
            return true;
          }
          if (size > capacityBytes) {
            return false;
          }
          evictSecondaries(size, evicted);
          if (used + size <= capacityBytes) {
            continue;
          }
          chooseSpills(used + size - capacityBytes - spillingBytes, victims);
          if (victims.isEmpty() && spillingBytes == 0 && reserved == arriving) {
            // With no arrival in flight this cannot happen while the counts are right (memory then
            // holds a primary to spill); a store over its capacity is better than a put that waits
            // forever. Nor does a put wait for arrivals alone: their bytes come on a transport's
            // I/O thread, which may be the very thread putting (a pull's or a push's put).
            used += size;
            reserved += size;
            return true;
          }
          if (victims.isEmpty()) {
            waitOnLock(); // what can go is already being written, or being put: wait for it
          }
        }
      }
      UncheckedIOException failure = null;
      for (Map.Entry<ObjectId, StoreEntry> v : victims) { // each is written or unmarked, even after a failure
        UncheckedIOException f = spillOut(v.getKey(), v.getValue());
        failure = failure != null ? failure : f;
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  // Called with the lock held.
  private void evictSecondaries(long incoming, List<ObjectId> evicted) {
    Iterator<Map.Entry<ObjectId, StoreEntry>> lru = inMemory.entrySet().iterator();
    while (used + incoming > capacityBytes && lru.hasNext()) {
      Map.Entry<ObjectId, StoreEntry> m = lru.next();
      StoreEntry e = m.getValue();
      if (!e.primary && !e.spilling) {
        lru.remove();
        entries.remove(m.getKey());
        e.removed = true;
        used -= e.size;
        releaseSlabsIfUnread(e);
        evicted.add(m.getKey());
      }
    }
  }

  // Called with the lock held: marks primaries, least recently used first, until `bytes` will be freed.
  private void chooseSpills(long bytes, List<Map.Entry<ObjectId, StoreEntry>> victims) {
    long chosen = 0;
    for (Map.Entry<ObjectId, StoreEntry> m : inMemory.entrySet()) {
      if (chosen >= bytes) {
        break;
      }
      StoreEntry e = m.getValue();
      if (e.primary && !e.spilling) {
        e.spilling = true;
        if (e.slabs != null) {
          e.slabReaders++;
        }
        spillingBytes += e.size;
        chosen += e.size;
        victims.add(Map.entry(m.getKey(), e));
      }
    }
  }

  /** Writes one chosen entry to its file, then lets its memory go; returns the failure, if it failed. */
  private UncheckedIOException spillOut(ObjectId id, StoreEntry e) {
    Path f = spill.newFile();
    IOException failure = null;
    try {
      SpillDirectory.write(f, e);
    } catch (IOException x) {
      failure = x;
    }
    boolean keepFile = false;
    synchronized (lock) {
      spillingBytes -= e.size;
      e.spilling = false;
      if (e.slabs != null) {
        e.slabReaders--;
      }
      if (failure == null && !e.removed && !closed) {
        keepFile = true;
        e.file = f;
        inMemory.remove(id);
        used -= e.size;
        e.object = null;
        releaseSlabsIfUnread(e);
        spilledCount++;
        spilledBytes += e.size;
      } else if (e.removed) {
        releaseSlabsIfUnread(e);
      }
      lock.notifyAll();
    }
    if (!keepFile) {
      SpillDirectory.delete(f);
    }
    return failure == null ? null : new UncheckedIOException("the object store is full (" + capacityBytes
        + " bytes) and spilling object " + id + " (" + e.size + " bytes) to " + f + " failed: " + failure, failure);
  }

  /** Stores an object larger than the capacity: straight into a file. */
  private boolean insertSpilled(ObjectId id, SerializedObject object, boolean primary) {
    Path f = spill.newFile();
    try {
      SpillDirectory.write(f, object.bytes());
    } catch (IOException x) {
      SpillDirectory.delete(f);
      throw new UncheckedIOException("object " + id + " (" + object.size() + " bytes) is larger than the object "
          + "store (" + capacityBytes + " bytes), and writing it to " + f + " failed: " + x, x);
    }
    synchronized (lock) {
      if (!entries.containsKey(id) && !closed) {
        StoreEntry e = new StoreEntry(object.encoding(), object.bytes().length, primary);
        e.file = f;
        entries.put(id, e);
        spilledCount++;
        spilledBytes += e.size;
        return true;
      }
    }
    SpillDirectory.delete(f);
    return false;
  }

  // Called with the lock held: gives the slabs back once no reader needs them and the entry has left memory.
  private void releaseSlabsIfUnread(StoreEntry e) {
    if (e.slabs != null && e.slabReaders == 0 && (e.removed || e.file != null)) {
      pool.give(e.slabs);
      e.slabs = null;
    }
  }

  private void waitOnLock() {
    try {
      lock.wait();
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for room in the object store", x);
    }
  }

  @Override
  public SerializedObject get(ObjectId id) {
    return reads.get(id);
  }

  @Override
  public ObjectReader open(ObjectId id) {
    return reads.open(id);
  }

  @Override
  public Byte encoding(ObjectId id) {
    synchronized (lock) {
      inMemory.get(id); // a use, as get is
      StoreEntry e = entries.get(id);
      return e == null ? null : e.encoding;
    }
  }

  @Override
  public long sizeOf(ObjectId id) {
    synchronized (lock) {
      StoreEntry e = entries.get(id);
      return e == null ? -1 : e.size;
    }
  }

  @Override
  public boolean contains(ObjectId id) {
    synchronized (lock) {
      return entries.containsKey(id);
    }
  }

  @Override
  public boolean delete(ObjectId id) {
    Path file = null;
    synchronized (lock) {
      StoreEntry e = entries.remove(id);
      if (e == null) {
        return false;
      }
      e.removed = true;
      if (inMemory.remove(id) != null) {
        used -= e.size; // one being spilled: its spill ends by deleting the file it wrote
        releaseSlabsIfUnread(e);
      } else {
        spilledCount--;
        spilledBytes -= e.size;
        if (e.fileReaders == 0) {
          file = e.file;
        }
      }
      lock.notifyAll();
    }
    if (file != null) {
      SpillDirectory.delete(file);
    }
    return true;
  }

  @Override
  public int count() {
    synchronized (lock) {
      return entries.size();
    }
  }

  @Override
  public StoreUsage usage() {
    synchronized (lock) {
      return new StoreUsage(capacityBytes, inMemory.size(), used - reserved, spilledCount, spilledBytes);
    }
  }

  @Override
  public List<NodeObjects.Copy> copies() {
    synchronized (lock) {
      List<NodeObjects.Copy> all = new ArrayList<>(entries.size());
      entries.forEach((id, e) -> all.add(new NodeObjects.Copy(id, e.size, e.primary, !inMemory.containsKey(id))));
      return all;
    }
  }

  @Override
  public void addEvictionListener(Consumer<ObjectId> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      entries.values().removeIf(e -> {
        if (e.file == null) {
          return false;
        }
        e.removed = true;
        return true;
      });
      spilledCount = 0;
      spilledBytes = 0;
      lock.notifyAll();
    }
    spill.remove();
  }

  /** The pool of this store's large objects (for tests). */
  SlabPool pool() {
    return pool;
  }

  /** Where this store spills (for tests). */
  SpillDirectory spillDirectory() {
    return spill;
  }

  @Override
  public String toString() {
    return "HeapObjectStore[" + usage() + ", spilling to " + spill + "]";
  }
}
