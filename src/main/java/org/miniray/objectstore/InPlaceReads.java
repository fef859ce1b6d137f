package org.miniray.objectstore;

import org.miniray.id.ObjectId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;

/**
 * Reads a value straight out of the local store's memory when its encoding gains from it: a
 * primitive array ({@link SerializedObject#RAW_ARRAY}) is copied from the store's slabs into the
 * new array in bulk, where {@link ObjectManager#fetch} would first copy the whole object out into a
 * fresh heap array (for 100 MB, a humongous allocation and its page faults) and decode that.
 * Other encodings gain nothing (a small object's bytes are on the heap already, a Fory stream is
 * read from one array), so they take the fetch as before.
 */
public final class InPlaceReads {
  private InPlaceReads() {}

  /**
   * The value of {@code id} if it is in {@code objects}' store now in an encoding read in place,
   * else null (such values are never null: fetch and decode it instead).
   */
  @SuppressWarnings("unchecked") // as every get's: the ref's type parameter is the caller's word
  public static <T> T local(ObjectManager objects, Serializer serializer, ObjectId id) {
    Byte encoding = objects.localEncoding(id);
    if (encoding == null || encoding != SerializedObject.RAW_ARRAY) {
      return null;
    }
    try (ObjectReader r = objects.openLocal(id)) {
      return r == null ? null : (T) serializer.deserialize(r); // null: deleted or evicted since
    }
  }
}
