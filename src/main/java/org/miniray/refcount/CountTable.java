package org.miniray.refcount;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.miniray.id.ObjectId;

/**
 * A counter's entries by object id, guarded by the counter's lock. It remembers the entry made or
 * found last: a ref is made right after the return it points to is owned, and a result's arrival
 * is followed by the evaluation of its entry, so the next change mostly finds that entry without a
 * lookup (the counter's thread spent most of its time in the map's lookups).
 */
final class CountTable {
  private final Map<ObjectId, CountEntry> entries = new HashMap<>();
  private ObjectId recentId;
  private CountEntry recent;

  /** {@code id}'s entry, or null. */
  CountEntry get(ObjectId id) {
    if (recent != null && recentId.equals(id)) {
      return recent;
    }
    CountEntry e = entries.get(id);
    if (e != null) {
      remember(id, e);
    }
    return e;
  }

  void put(ObjectId id, CountEntry e) {
    entries.put(id, e);
    remember(id, e);
  }

  void remove(ObjectId id) {
    entries.remove(id);
    if (id.equals(recentId)) {
      forgetRecent();
    }
  }

  void clear() {
    entries.clear();
    forgetRecent();
  }

  /** The entries, for a walk over all of them; a walk must not add or remove any. */
  Set<Map.Entry<ObjectId, CountEntry>> entrySet() {
    return entries.entrySet();
  }

  Set<ObjectId> keySet() {
    return entries.keySet();
  }

  private void remember(ObjectId id, CountEntry e) {
    recentId = id;
    recent = e;
  }

  private void forgetRecent() {
    recentId = null;
    recent = null;
  }
}
