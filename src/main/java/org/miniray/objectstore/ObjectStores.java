package org.miniray.objectstore;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.id.NodeId;

/** Chooses the {@link ObjectStore} named by {@code miniray.objectstore}. */
public final class ObjectStores {
  private ObjectStores() {}

  /** Built-in names: {@code heap} ({@link HeapObjectStore}). */
  public static ComponentSelector<ObjectStore> selector() {
    return new ComponentSelector<>(ObjectStore.class, Keys.OBJECT_STORE)
        .builtIn("heap", HeapObjectStore::new);
  }

  /** As {@link #selector()}, for node {@code node}: the built-in store spills into a directory named for it. */
  public static ComponentSelector<ObjectStore> forNode(NodeId node) {
    return new ComponentSelector<>(ObjectStore.class, Keys.OBJECT_STORE)
        .builtIn("heap", c -> new HeapObjectStore(DirectMemory.storeCapacity(c.get(Keys.OBJECT_STORE_CAPACITY)),
            SpillDirectory.forNode(c.get(Keys.OBJECT_STORE_SPILL_DIR), node.value())));
  }
}
