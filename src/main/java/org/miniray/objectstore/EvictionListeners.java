package org.miniray.objectstore;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.miniray.id.ObjectId;

/** Who hears of a store's evictions ({@link ObjectStore#addEvictionListener}). Thread-safe. */
final class EvictionListeners {
  private final List<Consumer<ObjectId>> listeners = new CopyOnWriteArrayList<>();

  void add(Consumer<ObjectId> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Every listener hears every eviction even if one of them throws; the first failure is rethrown. */
  void tell(List<ObjectId> evicted) {
    RuntimeException failure = null;
    for (ObjectId id : evicted) {
      for (Consumer<ObjectId> listener : listeners) {
        try {
          listener.accept(id);
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
