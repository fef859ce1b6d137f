package org.miniray.refcount;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.NodeId;
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
 *   <li>another process that borrowed it ({@link #addBorrowers}), until that process says it holds
 *       it no more ({@link #removeBorrowers}) or is declared dead ({@link #borrowerDied});
 *   <li>nothing the counter can follow: a ref serialized where no count reaches ({@link
 *       #escaped}), kept until {@link #releaseAll}.
 * </ul>
 *
 * <p>A ref read back in a process that does not own its object makes that process a borrower
 * ({@link #addBorrowedReference}): its counter counts the ref's holders there as an owner would,
 * registers with the owner once ({@link Effects#borrow}) and tells it when they are all gone
 * ({@link Effects#unborrow}). The registration must reach the owner while the lender's hold still
 * stands (the outer object the ref was read from, or the pending task whose argument held it): the
 * code that deserializes a value waits for the returned future before handing the value on.
 *
 * <p>Rules for implementations (checked by {@code ReferenceCounterContractTest}):
 * <ul>
 *   <li>an object is released (its value freed everywhere, {@link Effects#release}) exactly once,
 *       only once it is created and none of the holders above needs its value, and never while
 *       one does;
 *   <li>its rows (its object-table entry, a normal task's task-table row) are forgotten ({@link
 *       Effects#forget}) only once it is released and no lineage holds it, never before;
 *   <li>ids this counter neither owns nor borrows are ignored: it never releases another owner's
 *       object; a borrowed id is never released here, only unborrowed, after its registration was
 *       answered, so the owner's count of a borrower never reaches zero while that borrower holds it;
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

    /**
     * {@link #release} then {@link #forget}, as one batch: an implementation may skip what the
     * forget makes useless (removing the locations of objects whose rows go right after).
     */
    default void releaseAndForget(List<ObjectId> released, List<ObjectId> forgotten, List<TaskId> tasks) {
      if (!released.isEmpty()) {
        release(released);
      }
      if (!forgotten.isEmpty()) {
        forget(forgotten, tasks);
      }
    }

    /**
     * Registers this process with {@code owner} as a borrower of {@code objects}; completes once
     * the owner counted it (or could not be reached). {@code untilJobEnds}: the refs escaped here
     * (an actor's checkpoint may carry them past this process's death), so the owner keeps the
     * objects until its job ends, whatever becomes of this process; no removal follows.
     */
    CompletableFuture<Void> borrow(NodeId owner, List<ObjectId> objects, boolean untilJobEnds);

    /** Tells {@code owner} that this process holds {@code objects} no more (one-way). */
    void unborrow(NodeId owner, List<ObjectId> objects);

    /**
     * Has these pending returns made, or their loss found and their tasks run again: nothing holds
     * them, but after a node died their tasks may have been lost with it, and lineage runs a lost
     * task again only when someone asks for its result. Once a result exists it is released.
     */
    void recover(List<ObjectId> pending);
  }

  /** The process this counter counts for, as refs name their owner (its node). */
  NodeId self();

  /**
   * Whether refs must tell this counter that they live and die ({@link #addLocalReference}, {@link
   * #removeLocalReference}); a counter that frees nothing by counting spares each ref the garbage
   * collector's bookkeeping.
   */
  default boolean watchesRefs() {
    return true;
  }

  /** An object this process just put: owned, created at once. */
  void ownPut(ObjectId id);

  /**
   * The return of a task this process just submitted: owned, pending until {@link #created}.
   * Its arguments, {@code args} passed by reference and the refs {@code nested} in its values,
   * are held until then, and then by lineage while this return's entry lives. A nested ref is
   * read back by whatever runs the task, which borrows it before the task starts.
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

  /**
   * A ref to {@code id}, owned by {@code owner}, was read back from bytes in this process. Owned
   * here (or {@code owner} null), it is {@link #addLocalReference}. Otherwise it is counted as
   * borrowed, and the future completes once the owner has counted this process as a borrower (at
   * once when it already had): the value the ref was read from must not be handed on before.
   */
  CompletableFuture<Void> addBorrowedReference(ObjectId id, NodeId owner);

  /**
   * The bytes of {@code outer}, owned by process {@code outerOwner}, contain a ref to {@code inner},
   * held as long as {@code outer} is kept: until its release here if this process owns it, else
   * until {@link #outersReleased} or that owner's death ({@link #borrowerDied}).
   */
  void addContained(ObjectId outer, NodeId outerOwner, ObjectId inner);

  /** Objects another process owns were released (every live node hears it): refs their bytes held go. */
  void outersReleased(Collection<ObjectId> outers);

  /** Process {@code borrower} holds refs to these owned objects (its registration). */
  void addBorrowers(NodeId borrower, Collection<ObjectId> ids);

  /** Process {@code borrower} holds these owned objects no more. */
  void removeBorrowers(NodeId borrower, Collection<ObjectId> ids);

  /**
   * Process {@code node} was declared dead: it borrows nothing any more, now or later; the refs
   * held for objects it owned go; and the pending returns nothing holds, which may have been lost
   * with it, are {@link Effects#recover}ed.
   */
  void borrowerDied(NodeId node);

  /**
   * A ref to {@code id} went where counting cannot follow it: its value is kept until {@link
   * #releaseAll}; a borrowed one is registered with its owner until the owner's job ends.
   */
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
