package org.miniray.refcount;

import java.util.HashSet;
import java.util.Set;
import org.miniray.id.ObjectId;

/**
 * The ids a counter forgot lately, so that a copy of one that arrives afterwards is released
 * again: at least the last {@code kept} and at most twice as many. Two generations of sets
 * instead of an insertion-ordered map: a forget costs one insertion, with no eviction per id.
 * Guarded by the counter's lock.
 */
final class ForgottenLately {
  private final int kept;
  private Set<ObjectId> current = new HashSet<>();
  private Set<ObjectId> previous = new HashSet<>();

  ForgottenLately(int kept) {
    if (kept < 1) {
      throw new IllegalArgumentException("must keep at least one forgotten id, got " + kept);
    }
    this.kept = kept;
  }

  void add(ObjectId id) {
    if (current.size() >= kept) {
      previous = current;
      current = new HashSet<>(2 * kept);
    }
    current.add(id);
  }

  boolean contains(ObjectId id) {
    return current.contains(id) || previous.contains(id);
  }
}
