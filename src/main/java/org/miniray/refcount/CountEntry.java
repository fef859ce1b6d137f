package org.miniray.refcount;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * The counts of one object a counter owns or borrows, kept under the counter's lock; see {@link
 * ReferenceCounter} for what each holder means.
 */
final class CountEntry {
  final boolean rebuildable;
  /** Null for an object owned here; else the process that owns this borrowed object. */
  final NodeId owner;
  /** A borrowed entry's registration with its owner: completes once the owner counted it. */
  CompletableFuture<Void> registered;
  /** An owned object's borrowers: registrations minus removals, per borrowing process. */
  Map<NodeId, Integer> borrowers;
  int local;
  int submitted;
  int containedIn;
  int lineage;
  boolean created;
  boolean escaped;
  /** A pending return nothing holds, whose result has been asked for ({@link ReferenceCounter.Effects#recover}). */
  boolean recovering;
  boolean released;
  /** A task return's arguments: held as submitted until created, then by lineage. */
  List<ObjectId> args = List.of();
  /** The owned objects whose refs this object's bytes contain. */
  Set<ObjectId> contains;

  CountEntry(boolean rebuildable, NodeId owner) {
    this.rebuildable = rebuildable;
    this.owner = owner;
  }

  @Override
  public String toString() {
    return (owner == null ? "owned" : "borrowed from " + owner) + (created ? "" : ", pending")
        + (released ? ", released" : "") + (recovering ? ", recovering" : "") + ": local " + local + ", submitted "
        + submitted + ", contained in " + containedIn + ", lineage " + lineage + (escaped ? ", escaped" : "")
        + (borrowers == null || borrowers.isEmpty() ? "" : ", borrowers " + borrowers);
  }

  boolean valueNeeded() {
    // Lineage keeps the value too, of a rebuildable object as well: the lineage rule (lab 3) waits
    // for an object whose task finished on a live node, so a value freed under a live row would be
    // waited for, never rebuilt.
    return local > 0 || submitted > 0 || containedIn > 0 || escaped || lineage > 0
        || (borrowers != null && !borrowers.isEmpty());
  }
}
