package org.miniray.objectstore;

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
 * <p>One lock guards the map and the byte count. Eviction listeners run after the lock is
 * released, so a listener may call back into the store, and by the time it runs the store may
 * already have changed again (the id it is told of may even have been put back).
 */
public final class HeapObjectStore implements ObjectStore {
  private record Entry(SerializedObject object, boolean primary) {}

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
  }

  /** A store of {@code miniray.objectstore.capacity.bytes} bytes. */
  public HeapObjectStore(MinirayConfig config) {
    this(config.get(Keys.OBJECT_STORE_CAPACITY));
  }

  @Override
  public boolean put(ObjectId id, SerializedObject object, boolean primary) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(object, "object");
    List<ObjectId> evicted;
    synchronized (lock) {
      if (entries.containsKey(id)) {
        return false;
      }
      evicted = evictSecondariesToFit(object.size());
      entries.put(id, new Entry(object, primary));
      usedBytes += object.size();
    }
    tellListeners(evicted);
    return true;
  }

  // Called with the lock held.
  private List<ObjectId> evictSecondariesToFit(long incoming) {
    List<ObjectId> evicted = new ArrayList<>();
    Iterator<Map.Entry<ObjectId, Entry>> lru = entries.entrySet().iterator();
    while (usedBytes + incoming > capacityBytes && lru.hasNext()) {
      Map.Entry<ObjectId, Entry> e = lru.next();
      if (!e.getValue().primary()) {
        lru.remove();
        usedBytes -= e.getValue().object().size();
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
    synchronized (lock) {
      Entry e = entries.get(id); // moves the entry to the most recently used end
      return e == null ? null : e.object();
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
      usedBytes -= e.object().size();
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

  @Override
  public String toString() {
    synchronized (lock) {
      return "HeapObjectStore[" + entries.size() + " objects, " + usedBytes + " of " + capacityBytes + " bytes]";
    }
  }
}
