package org.miniray.refcount;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * Counts nothing: every object its process makes is kept until its job ends, as in the 2018
 * paper, where memory was left to the store's eviction and lineage ({@code miniray.refcount=none}).
 * Refs skip the garbage collector's bookkeeping ({@link #watchesRefs}). It is the baseline that
 * measures what counting costs ({@code make bench-refcount}), and a choice for short jobs that want
 * every cycle; a long job's objects pile up under it (the job's end still frees them all).
 */
public final class KeepAllReferenceCounter implements ReferenceCounter {
  private final NodeId self;
  private volatile boolean ended;

  public KeepAllReferenceCounter(NodeId self) {
    this.self = self;
  }

  @Override
  public boolean watchesRefs() {
    return false;
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public void ownPut(ObjectId id) {}

  @Override
  public void ownTaskReturn(ObjectId id, boolean rebuildable, Collection<ObjectId> args, Collection<ObjectId> nested) {}

  @Override
  public void created(ObjectId id) {}

  @Override
  public void addLocalReference(ObjectId id) {}

  @Override
  public void removeLocalReference(ObjectId id) {}

  @Override
  public CompletableFuture<Void> addBorrowedReference(ObjectId id, NodeId owner) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void addContained(ObjectId outer, NodeId outerOwner, ObjectId inner) {}

  @Override
  public void outersReleased(Collection<ObjectId> outers) {}

  @Override
  public void addBorrowers(NodeId borrower, Collection<ObjectId> ids) {}

  @Override
  public void removeBorrowers(NodeId borrower, Collection<ObjectId> ids) {}

  @Override
  public void borrowerDied(NodeId node) {}

  @Override
  public void escaped(ObjectId id) {}

  /** Nothing is counted, so nothing is listed: the store and the object table say what lives. */
  @Override
  public List<ObjectId> live() {
    return List.of();
  }

  @Override
  public boolean isHeld(ObjectId id) {
    return !ended;
  }

  /** The job's end frees its objects on every node by their job's tag ({@code END_JOB}); nothing is left here to do. */
  @Override
  public void releaseAll() {
    ended = true;
  }

  @Override
  public void close() {
    ended = true;
  }
}
