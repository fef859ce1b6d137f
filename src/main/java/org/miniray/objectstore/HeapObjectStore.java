package org.miniray.objectstore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;

/**
 * An {@link ObjectStore} on the Java heap, within a byte budget.
 *
 * <p>Eviction: when a {@code put} would take {@link #usedBytes()} above the capacity, secondary
 * copies are evicted, least recently used first, until the new object fits or no secondary is
 * left. A {@code get} is a use; {@code contains} is not. Primary copies are never evicted, so
 * when primaries alone (with the object being put) exceed the capacity the object is stored all
 * the same and the store stays over capacity: {@code usedBytes() > capacityBytes()} until
 * objects are deleted. Refusing the object instead would lose a task's only result; the object
 * manager is expected to watch {@code usedBytes} and spill or delete.
 *
 * <p>Large copies ({@link #putCopy} of at least {@link #SLAB_BYTES}) are kept off the heap, in
 * slabs of a {@link SlabPool} that are reused once the object is deleted, so that a put copies into
 * memory touched before instead of a fresh array (see {@link SlabPool} for why that matters);
 * {@link #get} of such an object copies it out into a new array, which the caller owns (as Ray's
 * Java {@code get} copies out of Plasma). Objects given to {@link #put} stay on the heap as they
 * are, shared.
 *
 * <p>One lock guards the map and the byte count. Eviction listeners run after the lock is
 * released, so a listener may call back into the store, and by the time it runs the store may
 * already have changed again (the id it is told of may even have been put back). Copying into and
 * out of slabs happens outside the lock; a slab-held object deleted while a {@code get} copies it
 * out goes back to the pool when that copy ends.
 */
public final class HeapObjectStore implements ObjectStore {
  /** Slab size of the pool for large copies; smaller copies stay on the heap. */
  static final int SLAB_BYTES = 1 << 20;

  /** An object held here: on the heap ({@code object}) or in slabs ({@code pooled}). */
  private static final class Entry {
    final SerializedObject object; // null when pooled
    final Pooled pooled;
    final boolean primary;

    Entry(SerializedObject object, Pooled pooled, boolean primary) {
      this.object = object;
      this.pooled = pooled;
      this.primary = primary;
    }

    long size() {
      return object != null ? object.size() : pooled.length;
    }
  }

  /** An object's bytes in slabs. {@code readers} and {@code removed} are guarded by the store's lock. */
  private static final class Pooled {
    final byte encoding;
    final int length;
    final ByteBuffer[] slabs;
    int readers;
    boolean removed;

    Pooled(byte encoding, int length, ByteBuffer[] slabs) {
      this.encoding = encoding;
      this.length = length;
      this.slabs = slabs;
    }
  }

  private final SlabPool pool;

  private final long capacityBytes;
  private final Object lock = new Object();
  // Access order: iteration starts at the least recently used entry.
  private final LinkedHashMap<ObjectId, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long usedBytes; // guarded by lock
  private final List<Consumer<ObjectId>> listeners = new CopyOnWriteArrayList<>();

  public HeapObjectStore(long capacityBytes) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("object store capacity must be at least 1 byte, got " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.pool = new SlabPool(SLAB_BYTES, capacityBytes);
  }

  /** A store of {@code miniray.objectstore.capacity.bytes} bytes. */
  public HeapObjectStore(MinirayConfig config) {
    this(config.get(Keys.OBJECT_STORE_CAPACITY));
  }

  @Override
  public boolean put(ObjectId id, SerializedObject object, boolean primary) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(object, "object");
    return insert(id, new Entry(object, null, primary));
  }

  @Override
  public boolean putCopy(ObjectId id, SerializedObject object, boolean primary) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(object, "object");
    byte[] bytes = object.bytes();
    if (bytes.length < SLAB_BYTES) {
      return put(id, new SerializedObject(object.encoding(), bytes.clone()), primary);
    }
    if (contains(id)) {
      return false; // spares the copy; insert checks again
    }
    ByteBuffer[] slabs = pool.copyOf(bytes, 0, bytes.length);
    if (slabs == null) { // no direct memory left: the heap, then
      return put(id, new SerializedObject(object.encoding(), bytes.clone()), primary);
    }
    Pooled p = new Pooled(object.encoding(), bytes.length, slabs);
    if (!insert(id, new Entry(null, p, primary))) {
      pool.give(slabs);
      return false;
    }
    return true;
  }

  private boolean insert(ObjectId id, Entry entry) {
    List<ObjectId> evicted;
    synchronized (lock) {
      if (entries.containsKey(id)) {
        return false;
      }
      evicted = evictSecondariesToFit(entry.size());
      entries.put(id, entry);
      usedBytes += entry.size();
    }
    tellListeners(evicted);
    return true;
  }

  // Called with the lock held: the entry has left the map; its slabs go back unless being read.
  private void removed(Entry e) {
    usedBytes -= e.size();
    Pooled p = e.pooled;
    if (p != null) {
      p.removed = true;
      if (p.readers == 0) {
        pool.give(p.slabs);
      }
    }
  }

  // Called with the lock held.
  private List<ObjectId> evictSecondariesToFit(long incoming) {
    List<ObjectId> evicted = new ArrayList<>();
    Iterator<Map.Entry<ObjectId, Entry>> lru = entries.entrySet().iterator();
    while (usedBytes + incoming > capacityBytes && lru.hasNext()) {
      Map.Entry<ObjectId, Entry> e = lru.next();
      if (!e.getValue().primary) {
        lru.remove();
        removed(e.getValue());
        evicted.add(e.getKey());
      }
    }
    return evicted;
  }

  // Every listener hears every eviction even if one of them throws; the first failure is rethrown.
  private void tellListeners(List<ObjectId> evicted) {
    RuntimeException failure = null;
    for (ObjectId id : evicted) {
      for (Consumer<ObjectId> listener : listeners) {
        try {
          listener.accept(id);
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public SerializedObject get(ObjectId id) {
    Pooled p;
    synchronized (lock) {
      Entry e = entries.get(id); // moves the entry to the most recently used end
      if (e == null || e.object != null) {
        return e == null ? null : e.object;
      }
      p = e.pooled;
      p.readers++;
    }
    try {
      byte[] out = new byte[p.length];
      SlabPool.copyOut(p.slabs, p.length, out, 0);
      return new SerializedObject(p.encoding, out);
    } finally {
      synchronized (lock) {
        if (--p.readers == 0 && p.removed) {
          pool.give(p.slabs);
        }
      }
    }
  }

  @Override
  public Byte encoding(ObjectId id) {
    synchronized (lock) {
      Entry e = entries.get(id); // a use, as get is
      return e == null ? null : e.object != null ? e.object.encoding() : e.pooled.encoding;
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
    synchronized (lock) {
      Entry e = entries.remove(id);
      if (e == null) {
        return false;
      }
      removed(e);
      return true;
    }
  }

  @Override
  public int count() {
    synchronized (lock) {
      return entries.size();
    }
  }

  @Override
  public long usedBytes() {
    synchronized (lock) {
      return usedBytes;
    }
  }

  @Override
  public long capacityBytes() {
    return capacityBytes;
  }

  @Override
  public void addEvictionListener(Consumer<ObjectId> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The pool of this store's large copies (for tests). */
  SlabPool pool() {
    return pool;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "HeapObjectStore[" + entries.size() + " objects, " + usedBytes + " of " + capacityBytes + " bytes]";
    }
  }
}
