package org.miniray.refcount;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refs written while one value is serialized on this thread: how a counter learns that a
 * ref is nested in an object or in a task's argument. A ref's serialization calls {@link
 * #written}; the code that serializes a value it will store or send opens a scope around it
 * ({@link #collect}, {@link #into}). A ref written outside any scope (a checkpoint, a user's own
 * bytes) goes where no count can follow it, so it escapes.
 *
 * <p>The other way, a ref read back from bytes in a process that does not own its object makes
 * that process a borrower, which its owner must count before the lender's hold goes: {@link
 * #readBack} runs a deserialization and returns only once every owner it borrowed from has
 * answered ({@link #borrowed}).
 */
public final class NestedRefs {
  private static final Logger log = LoggerFactory.getLogger(NestedRefs.class);
  /** An owner that neither answers nor fails within this is stuck: the value is handed on anyway. */
  private static final long REGISTRATION_WAIT_MS = 60_000;
  /** A ref written in a scope, with the counter of the process that counts it. */
  private record Written(ObjectId id, ReferenceCounter counter) {}

  /**
   * This thread's open scopes, set and restored in place: a thread-local's set and remove per
   * serialization (two per task) cost more than the scope itself on the submit path.
   */
  private static final class Frames {
    List<Written> writing;
    List<CompletableFuture<Void>> reading;
  }

  private static final ThreadLocal<Frames> FRAMES = ThreadLocal.withInitial(Frames::new);

  private NestedRefs() {}

  /** What a serialization returned, and the ids of the refs it wrote. */
  public record Collected<T>(T value, List<ObjectId> ids) {}

  /** Called by a ref as it is serialized; {@code counter} counts it here (null: none does). */
  public static void written(ObjectId id, ReferenceCounter counter) {
    if (counter == null) {
      return;
    }
    List<Written> scope = FRAMES.get().writing;
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
    if (scope.isEmpty()) {
      return new Collected<>(value, List.of());
    }
    List<ObjectId> ids = new ArrayList<>(scope.size());
    for (Written w : scope) {
      ids.add(w.id());
    }
    return new Collected<>(value, ids);
  }

  /**
   * Runs {@code serialization} of {@code outer}'s value, owned by process {@code outerOwner}: every
   * ref it writes is contained in {@code outer}.
   */
  public static <T> T into(ObjectId outer, NodeId outerOwner, Supplier<T> serialization) {
    List<Written> scope = new ArrayList<>();
    T value = inScope(scope, serialization);
    for (Written w : scope) {
      w.counter().addContained(outer, outerOwner, w.id());
    }
    return value;
  }

  /**
   * Called by a ref as it is read back as a borrowed one: {@code registered} completes once its
   * owner counts this process. Read outside {@link #readBack} (an actor's checkpoint), nothing
   * waits for it.
   */
  public static void borrowed(CompletableFuture<Void> registered) {
    List<CompletableFuture<Void>> scope = FRAMES.get().reading;
    if (scope != null && !registered.isDone()) {
      scope.add(registered);
    }
  }

  /**
   * Runs {@code deserialization}, then waits until the owner of every ref it read back as a
   * borrower has counted this process, and returns its result: the caller still holds what lent
   * those refs (the outer object's ref in a {@code get}, the pending task in its arguments), so
   * their objects cannot be released meanwhile.
   */
  public static <T> T readBack(Supplier<T> deserialization) {
    Frames frames = FRAMES.get();
    List<CompletableFuture<Void>> outer = frames.reading;
    List<CompletableFuture<Void>> scope = new ArrayList<>();
    frames.reading = scope;
    T value;
    try {
      value = deserialization.get();
    } finally {
      frames.reading = outer;
    }
    if (!scope.isEmpty()) {
      try {
        CompletableFuture.allOf(scope.toArray(CompletableFuture[]::new)).get(REGISTRATION_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("{} borrowed refs were not registered with their owners in {} ms: {}", scope.size(),
            REGISTRATION_WAIT_MS, e.toString());
      }
    }
    return value;
  }

  // A failed serialization stores and sends nothing, so the refs it wrote are simply dropped.
  private static <T> T inScope(List<Written> scope, Supplier<T> serialization) {
    Frames frames = FRAMES.get();
    List<Written> outer = frames.writing;
    frames.writing = scope;
    try {
      return serialization.get();
    } finally {
      frames.writing = outer;
    }
  }
}
