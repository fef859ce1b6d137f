package org.miniray.objectstore;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;

/** Chooses the {@link ObjectStore} named by {@code miniray.objectstore}. */
public final class ObjectStores {
  private ObjectStores() {}

  /** Built-in names: {@code heap} ({@link HeapObjectStore}). */
  public static ComponentSelector<ObjectStore> selector() {
    return new ComponentSelector<>(ObjectStore.class, Keys.OBJECT_STORE)
        .builtIn("heap", HeapObjectStore::new);
  }
}
