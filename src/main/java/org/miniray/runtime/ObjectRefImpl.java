package org.miniray.runtime;

import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.UnreconstructableException;
import org.miniray.common.DaemonThreads;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.refcount.NestedRefs;
import org.miniray.refcount.ReferenceCounter;

/**
 * A reference to an object by id; what travels when a reference is passed inside a value.
 *
 * <p>Each ref is counted by its process's {@link ReferenceCounter} while it is reachable: it is
 * registered with a {@link Cleaner}, whose thread tells the counter once the garbage collector
 * finds it unreachable (never a finalizer). A ref written into bytes tells {@link NestedRefs} and
 * carries its owner (the process whose counter owns the object); one read back from bytes is made
 * again ({@link #readResolve}): counted like one the process made where that process owns it,
 * borrowed from the owner anywhere else.
 */
public final class ObjectRefImpl<T> implements ObjectRef<T>, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private static final Cleaner CLEANER = Cleaner.create(DaemonThreads.named("miniray-ref-cleaner"));

  private final ObjectId id;
  /** The process that owns the object, or null where nobody counts (a ref made outside a runtime). */
  private final NodeId owner;
  private final transient ReferenceCounter counter;
  /**
   * Read back in its owner's process after the owner released the object: every ref to it had
   * been dropped, so its value is gone and a {@code get} fails rather than waits for it.
   */
  private final transient boolean releasedBeforeRead;

  /** A ref nobody counts (a test's, or one made outside a runtime). */
  public ObjectRefImpl(ObjectId id) {
    this.id = id;
    this.owner = null;
    this.counter = null;
    this.releasedBeforeRead = false;
  }

  /** A ref to an object {@code counter} owns, counted by it while the ref is reachable. */
  public ObjectRefImpl(ObjectId id, ReferenceCounter counter) {
    this.id = id;
    this.owner = counter.self();
    this.counter = counter;
    this.releasedBeforeRead = false;
    if (counter.watchesRefs()) {
      counter.addLocalReference(id);
      CLEANER.register(this, new Drop(counter, id));
    }
  }

  /** A ref read back from bytes: owned here, or borrowed from {@code owner}. */
  private ObjectRefImpl(ObjectId id, NodeId owner, ReferenceCounter counter) {
    this.id = id;
    this.owner = owner;
    this.counter = counter;
    if (counter != null && counter.watchesRefs()) {
      NestedRefs.borrowed(counter.addBorrowedReference(id, owner));
      CLEANER.register(this, new Drop(counter, id));
      // Counted first: held now, it stays held while this ref lives.
      this.releasedBeforeRead = counter.self().equals(owner) && !counter.isHeld(id);
    } else {
      this.releasedBeforeRead = false;
    }
  }

  /** What the cleaner runs: holds the id and the counter, never the ref itself. */
  private record Drop(ReferenceCounter counter, ObjectId id) implements Runnable {
    @Override
    public void run() {
      counter.removeLocalReference(id);
    }
  }

  public ObjectId id() {
    return id;
  }

  /** The id, for a read: fails, naming the object, if this ref was read back after its owner (this process) released it. */
  ObjectId readableId() {
    if (releasedBeforeRead) {
      throw new UnreconstructableException(ApiIds.of(id), id.toString(), "object " + id + " was freed: every ref to "
          + "it had been dropped before this one was read back from bytes kept elsewhere, so its value is gone");
    }
    return id;
  }

  @Serial
  private Object writeReplace() {
    NestedRefs.written(id, counter);
    return this;
  }

  @Serial
  private Object readResolve() {
    return new ObjectRefImpl<>(id, owner, Ray.isInitialized() && Ray.internal() instanceof MinirayRuntime r
        ? r.references() : null);
  }

  @Override
  public T get() {
    return Ray.get(this);
  }

  @Override
  public T get(long timeoutMs) {
    return Ray.get(this, timeoutMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectRefImpl<?> r && r.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ObjectRef(" + id + ")";
  }
}
