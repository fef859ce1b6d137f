package org.miniray.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.ObjectId;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;

/** Waits, outside a workload's timing, for objects whose refs it dropped to be freed by counting. */
final class Freed {
  private static final long LIMIT_S = 120;

  private Freed() {}

  static ObjectId idOf(ObjectRef<?> ref) {
    return ((ObjectRefImpl<?>) ref).id();
  }

  /**
   * Asks the collector to run until the driver's reference counter holds none of {@code ids}:
   * large objects sit in the store, off the heap, so nothing else would make the collector run
   * before the store fills.
   */
  static void await(Collection<ObjectId> ids) {
    MinirayRuntime runtime = (MinirayRuntime) Ray.internal();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_S);
    while (ids.stream().anyMatch(runtime.references()::isHeld)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("objects put by the workload were not freed within " + LIMIT_S + " s");
      }
      System.gc();
      Thread.onSpinWait();
    }
  }
}
