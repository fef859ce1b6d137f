package org.miniray.objectstore;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.miniray.serialization.SerializedObject;

/**
 * An object held by a {@link HeapObjectStore}: in memory ({@code object} on the heap, or
 * {@code slabs}) or in {@code file}. Its mutable fields are guarded by the store's lock.
 */
final class StoreEntry {
  final byte encoding;
  final int size;
  final boolean primary;
  SerializedObject object; // on the heap; null in slabs or spilled
  ByteBuffer[] slabs; // off the heap; null on the heap or once spilled and unread
  Path file; // set once spilled
  boolean spilling; // being written to its file: still in memory, still counted
  boolean removed; // deleted or evicted
  int slabReaders; // gets copying out of the slabs, and the spill writing them
  int fileReaders; // gets reading the file

  StoreEntry(byte encoding, int size, boolean primary) {
    this.encoding = encoding;
    this.size = size;
    this.primary = primary;
  }
}
