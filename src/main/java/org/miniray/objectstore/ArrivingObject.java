package org.miniray.objectstore;

import java.nio.ByteBuffer;
import org.miniray.id.ObjectId;

/**
 * An object being written into a {@link HeapObjectStore}'s slabs as its bytes arrive from the
 * network ({@link HeapObjectStore#reserve}): invisible, its room reserved, until committed; a
 * cancelled one gives its room and its slabs back.
 */
final class ArrivingObject implements ObjectStore.Reservation {
  private final HeapObjectStore store;
  private final ObjectId id;
  private final StoreEntry entry;
  private final ByteBuffer[] slabs;
  private boolean done; // committed or cancelled; guarded by this

  ArrivingObject(HeapObjectStore store, ObjectId id, StoreEntry entry, ByteBuffer[] slabs) {
    this.store = store;
    this.id = id;
    this.entry = entry;
    this.slabs = slabs;
  }

  @Override
  public synchronized void write(long at, ByteBuffer src) {
    if (done) {
      throw new IllegalStateException("object " + id + " was already committed or cancelled; no more bytes go into it");
    }
    if (at < 0 || at + src.remaining() > entry.size) {
      throw new IllegalArgumentException("bytes " + at + ".." + (at + src.remaining()) + " fall outside object " + id
          + " of " + entry.size + " bytes");
    }
    int slabBytes = HeapObjectStore.SLAB_BYTES;
    ByteBuffer in = src.duplicate();
    while (in.hasRemaining()) {
      int offset = (int) (at % slabBytes);
      int n = Math.min(in.remaining(), slabBytes - offset);
      ByteBuffer dst = slabs[(int) (at / slabBytes)].duplicate().clear().position(offset);
      dst.put(in.duplicate().limit(in.position() + n));
      in.position(in.position() + n);
      at += n;
    }
  }

  @Override
  public boolean commit() {
    synchronized (this) {
      if (done) {
        throw new IllegalStateException("object " + id + " was already committed or cancelled");
      }
      done = true;
    }
    entry.slabs = slabs;
    return store.admit(id, entry, true);
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    store.unreserve(entry.size, true);
    store.pool().give(slabs);
  }
}
