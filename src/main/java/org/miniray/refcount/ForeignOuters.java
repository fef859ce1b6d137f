package org.miniray.refcount;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * Objects other processes own whose bytes, made in this process (a task's result, for its caller),
 * contain refs counted here: each ref is held until the outer object's owner releases it, or dies
 * (then nobody can read the outer object's refs back through it). Kept under the counter's lock.
 */
final class ForeignOuters {
  private record Outer(NodeId owner, Set<ObjectId> inners) {}

  private final Map<ObjectId, Outer> outers = new HashMap<>();

  /** Whether {@code inner} was not yet held for {@code outer}, owned by {@code owner}. */
  boolean add(ObjectId outer, NodeId owner, ObjectId inner) {
    return outers.computeIfAbsent(outer, k -> new Outer(owner, new HashSet<>())).inners().add(inner);
  }

  /** {@code outer} was released: the refs held for it, which go. */
  Set<ObjectId> release(ObjectId outer) {
    Outer o = outers.remove(outer);
    return o == null ? Set.of() : o.inners();
  }

  /** Process {@code owner} died: the outer objects it owned, which go as if released. */
  List<ObjectId> ownedBy(NodeId owner) {
    List<ObjectId> owned = new ArrayList<>();
    outers.forEach((id, o) -> {
      if (owner.equals(o.owner())) {
        owned.add(id);
      }
    });
    return owned;
  }
}
