package org.miniray.refcount;

import java.util.Collection;
import java.util.List;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/**
 * Counts the references to the objects one process owns, and frees each object once nothing
 * can reach it (Ray's ownership design, NSDI 2021; Ray calls the component {@code
 * ReferenceCounter}). The process that creates an object, by {@code put} or by submitting the
 * task that returns it, is its owner; only the owner decides to free it.
 *
 * <p>An owned object's value is needed while any of these holds it:
 * <ul>
 *   <li>a live {@code ObjectRef} in this process ({@link #addLocalReference}; the ref's death,
 *       seen by the garbage collector, is {@link #removeLocalReference});
 *   <li>a task submitted here that takes it as an argument, directly or nested in a value, until
 *       that task's return exists ({@link #ownTaskReturn}, {@link #created});
 *   <li>another owned object whose bytes contain a ref to it ({@link #addContained}), while that
 *       object's value is kept;
 *   <li>lineage: a created task return whose task took it as an argument, while that return's
 *       entry lives (its task may run again if it is lost). Ray keeps only the lineage of such an
 *       argument and frees its value; miniray keeps the value too, because its lineage rule
 *       (lab 3) rebuilds only what was lost with a dead node, not what was freed;
 *   <li>nothing the counter can follow: a ref serialized where no count reaches ({@link
 *       #escaped}), kept until {@link #releaseAll}.
 * </ul>
 *
 * <p>Rules for implementations (checked by {@code ReferenceCounterContractTest}):
 * <ul>
 *   <li>an object is released (its value freed everywhere, {@link Effects#release}) exactly once,
 *       only once it is created and none of the holders above needs its value, and never while
 *       one does;
 *   <li>its rows (its object-table entry, a normal task's task-table row) are forgotten ({@link
 *       Effects#forget}) only once it is released and no lineage holds it, never before;
 *   <li>ids this counter does not own are ignored: it never releases another owner's object;
 *   <li>methods are thread-safe and return at once; effects are delivered on a thread of the
 *       counter's, batched, outside any lock (a decrement never costs the caller a round trip).
 * </ul>
 */
public interface ReferenceCounter extends AutoCloseable {

  /** What freeing does in the cluster: the composition root wires it to the nodes and the GCS. */
  interface Effects {
    /** Deletes every copy of each object from every node's store; they are not needed any more. */
    void release(List<ObjectId> objects);

    /**
     * Drops the GCS rows nothing can need again: the object-table entries of {@code objects} and
     * the task-table rows of {@code tasks} (normal tasks whose return was forgotten).
     */
    void forget(List<ObjectId> objects, List<TaskId> tasks);
  }

  /** An object this process just put: owned, created at once. */
  void ownPut(ObjectId id);

  /**
   * The return of a task this process just submitted: owned, pending until {@link #created}.
   * Its arguments, {@code args} passed by reference and the refs {@code nested} in its values,
   * are held until then, and then by lineage while this return's entry lives. A nested ref is
   * read back by whatever runs the task: where the counter cannot follow borrowers (another
   * process), it escapes.
   *
   * @param rebuildable whether lineage can rebuild it (a normal task's return; not an actor call's,
   *     whose task-table row its actor's recovery reads, so it is never forgotten here)
   */
  void ownTaskReturn(ObjectId id, boolean rebuildable, Collection<ObjectId> args, Collection<ObjectId> nested);

  /**
   * The owner learned that {@code id} exists (the task's result is stored, pushed, pulled or
   * announced). Heard of an object already released (a push or a pull still in flight when it was
   * released), the copy is released again, so none is left behind.
   */
  void created(ObjectId id);

  /** A new {@code ObjectRef} to {@code id} lives in this process. */
  void addLocalReference(ObjectId id);

  /** An {@code ObjectRef} to {@code id} in this process was found unreachable by the garbage collector. */
  void removeLocalReference(ObjectId id);

  /** The bytes of owned object {@code outer} contain a ref to {@code inner}. */
  void addContained(ObjectId outer, ObjectId inner);

  /** A ref to {@code id} went where counting cannot follow it: its value is kept until {@link #releaseAll}. */
  void escaped(ObjectId id);

  /** The owned objects whose entries live now (value kept, or held by lineage). */
  List<ObjectId> live();

  /** Whether the value of owned object {@code id} is kept now. */
  boolean isHeld(ObjectId id);

  /** Releases and forgets everything owned here (the job ended); later calls are ignored. */
  void releaseAll();

  /** Stops the counter's thread after delivering what is pending; no effect is delivered later. */
  @Override
  void close();
}
