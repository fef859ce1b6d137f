package org.miniray.refcount;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.miniray.id.ObjectId;

/**
 * The refs written while one value is serialized on this thread: how a counter learns that a
 * ref is nested in an object or in a task's argument. A ref's serialization calls {@link
 * #written}; the code that serializes a value it will store or send opens a scope around it
 * ({@link #collect}, {@link #into}). A ref written outside any scope (a checkpoint, a user's own
 * bytes) goes where no count can follow it, so it escapes.
 */
public final class NestedRefs {
  /** A ref written in a scope, with the counter of the process that counts it. */
  private record Written(ObjectId id, ReferenceCounter counter) {}

  private static final ThreadLocal<List<Written>> SCOPE = new ThreadLocal<>();

  private NestedRefs() {}

  /** What a serialization returned, and the ids of the refs it wrote. */
  public record Collected<T>(T value, List<ObjectId> ids) {}

  /** Called by a ref as it is serialized; {@code counter} counts it here (null: none does). */
  public static void written(ObjectId id, ReferenceCounter counter) {
    if (counter == null) {
      return;
    }
    List<Written> scope = SCOPE.get();
    if (scope != null) {
      scope.add(new Written(id, counter));
    } else {
      counter.escaped(id);
    }
  }

  /** Runs {@code serialization} and returns, with its result, the refs it wrote. */
  public static <T> Collected<T> collect(Supplier<T> serialization) {
    List<Written> scope = new ArrayList<>();
    T value = inScope(scope, serialization);
    List<ObjectId> ids = new ArrayList<>(scope.size());
    for (Written w : scope) {
      ids.add(w.id());
    }
    return new Collected<>(value, ids);
  }

  /** Runs {@code serialization} of {@code outer}'s value: every ref it writes is contained in {@code outer}. */
  public static <T> T into(ObjectId outer, Supplier<T> serialization) {
    List<Written> scope = new ArrayList<>();
    T value = inScope(scope, serialization);
    for (Written w : scope) {
      w.counter().addContained(outer, w.id());
    }
    return value;
  }

  // A failed serialization stores and sends nothing, so the refs it wrote are simply dropped.
  private static <T> T inScope(List<Written> scope, Supplier<T> serialization) {
    List<Written> outer = SCOPE.get();
    SCOPE.set(scope);
    try {
      return serialization.get();
    } finally {
      if (outer == null) {
        SCOPE.remove();
      } else {
        SCOPE.set(outer);
      }
    }
  }
}
