package org.miniray.objectstore;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.miniray.serialization.ObjectWriter;

/**
 * Off-heap memory in slabs of one size, kept and reused once freed, as Plasma reuses the region it
 * maps once. The store copies large objects into slabs: on a virtual machine where the first touch
 * of a page costs far more than copying into it (here ~16 us per 4 KiB page, 0.25 GB/s), memory
 * touched before is what makes a copy fast, and a fresh {@code byte[]} per object (or a heap that
 * the collector shrinks and regrows) is fresh memory every time.
 *
 * <p>Free slabs are kept while they and the slabs in use come to at most {@code maxRetainedBytes};
 * beyond that a freed slab is dropped for the collector, so a store of capacity C holds about C of
 * direct memory at rest (more only while objects are rounded up to whole slabs). {@link #take} returns null when no slab can be had (direct memory exhausted),
 * and the caller keeps the object on the heap instead. Thread-safe.
 */
final class SlabPool {
  private final int slabBytes;
  private final int maxRetained;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private long allocated; // slabs ever made; guarded by this
  private long outstanding; // slabs taken and not given back; guarded by this

  SlabPool(int slabBytes, long maxRetainedBytes) {
    if (slabBytes < 1) {
      throw new IllegalArgumentException("slab size must be at least 1 byte, got " + slabBytes);
    }
    this.slabBytes = slabBytes;
    this.maxRetained = (int) Math.min(Integer.MAX_VALUE, Math.max(0, maxRetainedBytes / slabBytes));
  }

  int slabBytes() {
    return slabBytes;
  }

  /**
   * What {@code writer} writes, straight into slabs (a primitive array's elements in one bulk copy
   * per slab), or null when direct memory ran out (the slabs taken so far go back to the pool).
   */
  ByteBuffer[] writtenBy(ObjectWriter writer) {
    int length = writer.length();
    ByteBuffer[] slabs = takeFor(length);
    if (slabs == null) {
      return null;
    }
    for (int i = 0; i < slabs.length; i++) {
      ByteBuffer s = slabs[i];
      long at = (long) i * slabBytes;
      ByteBuffer dst = s.duplicate().clear().limit((int) Math.min(slabBytes, length - at));
      while (dst.hasRemaining()) {
        at += writer.write(at, dst);
      }
    }
    return slabs;
  }

  /** The slabs that hold {@code length} bytes, or null when direct memory ran out (none kept then). */
  ByteBuffer[] takeFor(int length) {
    int n = (int) ((length + (long) slabBytes - 1) / slabBytes);
    ByteBuffer[] slabs = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      slabs[i] = take();
      if (slabs[i] == null) {
        give(slabs);
        return null;
      }
    }
    return slabs;
  }

  /** A slab, reused if one is free; null when direct memory is exhausted. */
  ByteBuffer take() {
    synchronized (this) {
      ByteBuffer s = free.pollLast(); // the most recently freed: the likeliest to be in cache
      if (s != null) {
        outstanding++;
        return s;
      }
    }
    try {
      ByteBuffer s = ByteBuffer.allocateDirect(slabBytes);
      synchronized (this) {
        allocated++;
        outstanding++;
      }
      return s;
    } catch (OutOfMemoryError directMemoryExhausted) {
      return null;
    }
  }

  /** Returns slabs to the pool (null entries are skipped). */
  void give(ByteBuffer[] slabs) {
    synchronized (this) {
      for (ByteBuffer s : slabs) {
        if (s == null) {
          continue;
        }
        outstanding--;
        if (free.size() + outstanding < maxRetained) {
          free.addLast(s);
        }
      }
    }
  }

  synchronized int freeSlabs() {
    return free.size();
  }

  synchronized long allocatedSlabs() {
    return allocated;
  }

  /** Slabs taken and not given back: those of the objects in memory, and of objects being received. */
  synchronized long outstandingSlabs() {
    return outstanding;
  }
}
