package org.miniray.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.miniray.id.ObjectId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;

/**
 * How a {@link HeapObjectStore} is read: an object on the heap is handed over as it was put, one in
 * slabs or spilled through a {@link ClosingReader} that keeps its slabs or its file until closed,
 * even if the object is deleted meanwhile. A read is a use: it moves the object to the most
 * recently used end. The counts of readers are kept under the store's lock.
 */
final class StoreReads {
  private final Object lock;
  private final Map<ObjectId, StoreEntry> entries;
  private final LinkedHashMap<ObjectId, StoreEntry> inMemory;
  private final Consumer<StoreEntry> releaseSlabsIfUnread; // called with the lock held

  /** Reads the store's {@code entries} and {@code inMemory} (its access order), guarded by its {@code lock}. */
  StoreReads(Object lock, Map<ObjectId, StoreEntry> entries, LinkedHashMap<ObjectId, StoreEntry> inMemory,
      Consumer<StoreEntry> releaseSlabsIfUnread) {
    this.lock = lock;
    this.entries = entries;
    this.inMemory = inMemory;
    this.releaseSlabsIfUnread = releaseSlabsIfUnread;
  }

  SerializedObject get(ObjectId id) {
    Object found = find(id);
    if (!(found instanceof ObjectReader r)) {
      return (SerializedObject) found; // null, or the object on the heap, as it was put
    }
    try (r) {
      return new SerializedObject(r.encoding(), r.readFully());
    } catch (IOException x) {
      throw new UncheckedIOException("reading spilled object " + id + " back failed: " + x, x);
    }
  }

  ObjectReader open(ObjectId id) {
    Object found = find(id);
    return found instanceof SerializedObject o ? ObjectReader.of(o) : (ObjectReader) found;
  }

  /** Null, the object (on the heap), or a reader of it (in slabs or spilled) that keeps them until closed. A use. */
  private Object find(ObjectId id) {
    StoreEntry e;
    ByteBuffer[] slabs = null;
    Path file = null;
    synchronized (lock) {
      e = entries.get(id);
      if (e == null) {
        return null;
      }
      if (inMemory.get(id) != null) { // a use: moves it to the most recently used end
        if (e.object != null) {
          return e.object;
        }
        slabs = e.slabs;
        e.slabReaders++;
      } else {
        file = e.file;
        e.fileReaders++;
      }
    }
    if (slabs != null) {
      return ClosingReader.ofSlabs(e.encoding, e.size, slabs, HeapObjectStore.SLAB_BYTES, () -> closeSlabs(e));
    }
    Path f = file;
    try {
      return ClosingReader.ofFile(e.encoding, e.size, FileChannel.open(f, StandardOpenOption.READ), f,
          () -> closeFile(e, f));
    } catch (IOException x) {
      closeFile(e, f);
      throw new UncheckedIOException("opening spilled object " + id + " in " + f + " failed: " + x, x);
    }
  }

  private void closeSlabs(StoreEntry e) {
    synchronized (lock) {
      e.slabReaders--;
      releaseSlabsIfUnread.accept(e);
    }
  }

  private void closeFile(StoreEntry e, Path file) {
    boolean delete;
    synchronized (lock) {
      delete = --e.fileReaders == 0 && e.removed;
    }
    if (delete) {
      SpillDirectory.delete(file);
    }
  }
}
