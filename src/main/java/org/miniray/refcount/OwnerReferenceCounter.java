package org.miniray.refcount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.miniray.common.DaemonThreads;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference counter of one process, kept by the owner as in Ray today (NSDI 2021): every
 * count of an object this process created lives here, in one table under one lock, and no count
 * crosses the network. Effects (releases, forgotten rows) are queued under the lock and delivered
 * in batches by the counter's own thread, so a ref's death costs the garbage collector's thread a
 * map update and never a message.
 *
 * <p>A ref read back in a process that does not own its object is borrowed: the counter keeps an
 * entry for it with the same holders (local refs, pending tasks, owned objects that contain it,
 * lineage), registers with the owner once when the entry is made ({@link Effects#borrow}, answered
 * by the owner), and tells the owner when the entry goes ({@link Effects#unborrow}). The owner
 * counts registrations per borrower process, so a removal that overtakes a later registration on
 * another connection cannot make the count reach zero early: a removal is only ever sent after the
 * owner answered its registration.
 */
public final class OwnerReferenceCounter implements ReferenceCounter {
  private static final Logger log = LoggerFactory.getLogger(OwnerReferenceCounter.class);

  /** The counts of one owned object; see {@link ReferenceCounter} for what each holder means. */
  private static final class Entry {
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
    /** A pending return nothing holds, whose result has been asked for ({@link Effects#recover}). */
    boolean recovering;
    boolean released;
    /** A task return's arguments: held as submitted until created, then by lineage. */
    List<ObjectId> args = List.of();
    /** The owned objects whose refs this object's bytes contain. */
    Set<ObjectId> contains;

    Entry(boolean rebuildable, NodeId owner) {
      this.rebuildable = rebuildable;
      this.owner = owner;
    }

    boolean valueNeeded() {
      // Lineage keeps the value too, of a rebuildable object as well: the lineage rule (lab 3) waits
      // for an object whose task finished on a live node, so a value freed under a live row would be
      // waited for, never rebuilt.
      return local > 0 || submitted > 0 || containedIn > 0 || escaped || lineage > 0
          || (borrowers != null && !borrowers.isEmpty());
    }
  }

  private final Map<ObjectId, Entry> entries = new HashMap<>();
  private final NodeId self;
  private final Effects effects;
  // Guarded by this: objects other processes own whose bytes, made here (a task's result), contain
  // refs counted here; those refs are held until the outer object's owner releases it.
  private final Map<ObjectId, Set<ObjectId>> foreignOuters = new HashMap<>();
  // Guarded by this: borrowers declared dead; a registration of theirs that arrives late is ignored.
  private final Set<NodeId> deadBorrowers = new HashSet<>();
  private final Thread deliverer;
  // Guarded by this: what the deliverer sends next.
  private final Outbox outbox = new Outbox();
  private boolean closed;
  private boolean ended;
  // Guarded by this: ids released and forgotten lately. A copy of one that arrives afterwards (a
  // push still in flight when the release went out, stored once the release had passed) is
  // released again, not left behind; nothing can need it, since nothing held it.
  private final Set<ObjectId> forgottenLately = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ObjectId, Boolean> eldest) {
      return size() > FORGOTTEN_KEPT;
    }
  });
  private static final int FORGOTTEN_KEPT = 65_536;

  /** @param self the process this counter counts for, as owners and borrowers name it (its node) */
  public OwnerReferenceCounter(NodeId self, Effects effects) {
    this.self = self;
    this.effects = effects;
    this.deliverer = DaemonThreads.named("miniray-refcount-%d").newThread(this::deliverLoop);
    deliverer.start();
  }

  @Override
  public synchronized void ownPut(ObjectId id) {
    if (ended) {
      return;
    }
    Entry e = entries.computeIfAbsent(id, k -> new Entry(false, null));
    e.created = true;
  }

  @Override
  public synchronized void ownTaskReturn(ObjectId id, boolean rebuildable, Collection<ObjectId> args,
      Collection<ObjectId> nested) {
    if (ended) {
      return;
    }
    Entry e = entries.get(id);
    if (e == null) {
      e = new Entry(rebuildable, null);
      entries.put(id, e);
    }
    List<ObjectId> held = new ArrayList<>(args.size() + nested.size());
    for (ObjectId a : args) {
      Entry arg = entries.get(a);
      if (arg != null) {
        arg.submitted++;
        held.add(a);
      }
    }
    for (ObjectId n : nested) {
      Entry arg = entries.get(n);
      if (arg != null) { // the process that runs the task borrows it before the task reads it
        arg.submitted++;
        held.add(n);
      }
    }
    e.args = held;
  }

  @Override
  public synchronized void created(ObjectId id) {
    Entry e = entries.get(id);
    if (e != null && e.owner != null) {
      return; // borrowed: its owner hears of it
    }
    if (e == null || e.created) {
      if (e == null ? forgottenLately.contains(id) : e.released) {
        outbox.release.add(id); // a copy that arrived after its release
        if (e == null) {
          outbox.forget.add(id); // and its location may have made its object-table row again
        }
        notifyAll();
      }
      return;
    }
    e.created = true;
    for (ObjectId a : e.args) {
      Entry arg = entries.get(a);
      if (arg != null) { // an argument's entry lives while this one holds it
        arg.submitted--;
        arg.lineage++;
      }
    }
    for (ObjectId a : e.args) {
      evaluate(a);
    }
    evaluate(id);
  }

  @Override
  public synchronized void addLocalReference(ObjectId id) {
    Entry e = entries.get(id);
    if (e != null) {
      e.local++;
    }
  }

  @Override
  public synchronized void removeLocalReference(ObjectId id) {
    Entry e = entries.get(id);
    if (e != null && e.local > 0) {
      e.local--;
      evaluate(id);
    }
  }

  @Override
  public synchronized void addContained(ObjectId outer, ObjectId inner) {
    Entry in = entries.get(inner);
    if (in == null) {
      return;
    }
    Entry out = entries.get(outer);
    if ((out == null && forgottenLately.contains(outer)) || (out != null && out.owner == null && out.released)) {
      // Its own object, made again after its release (a task run again by lineage for another
      // reader): that copy is released again on arrival ({@link #created}), and nothing can read it.
      return;
    }
    if (out == null || out.owner != null) {
      // Another process owns the outer object (a task's result, for its caller): this process holds
      // the ref until that owner releases the outer object, which every live node hears.
      if (foreignOuters.computeIfAbsent(outer, k -> new HashSet<>()).add(inner)) {
        in.containedIn++;
      }
      return;
    }
    if (out.contains == null) {
      out.contains = new HashSet<>();
    }
    if (out.contains.add(inner)) {
      in.containedIn++;
    }
  }

  @Override
  public synchronized void escaped(ObjectId id) {
    Entry e = entries.get(id);
    if (e != null && !e.escaped) {
      e.escaped = true;
      if (e.owner != null) {
        outbox.pin.computeIfAbsent(e.owner, k -> new HashMap<>()).put(id, new CompletableFuture<>());
        notifyAll();
      }
    }
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public synchronized CompletableFuture<Void> addBorrowedReference(ObjectId id, NodeId owner) {
    Entry e = entries.get(id);
    if (owner == null || owner.equals(self) || ended) {
      if (e != null) {
        e.local++;
      }
      return DONE;
    }
    if (e == null) {
      e = new Entry(false, owner);
      e.created = true;
      e.registered = new CompletableFuture<>();
      entries.put(id, e);
      outbox.register.computeIfAbsent(owner, k -> new HashMap<>()).put(id, e.registered);
      notifyAll();
    }
    e.local++;
    return e.registered == null ? DONE : e.registered;
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** {@code borrower} is this process itself for refs that escaped in a borrower: kept until the job ends. */
  @Override
  public synchronized void addBorrowers(NodeId borrower, Collection<ObjectId> ids) {
    if (deadBorrowers.contains(borrower)) {
      return;
    }
    for (ObjectId id : ids) {
      Entry e = entries.get(id);
      if (e == null || e.owner != null || e.released) {
        // Its lender held it until this registration was answered, so this is a late copy of a
        // ref whose holders are all gone (the reader's own hold ended first): nothing to keep.
        log.debug("borrower {} registered for {}, which is not held here", borrower, id);
        continue;
      }
      if (e.borrowers == null) {
        e.borrowers = new HashMap<>();
      }
      e.borrowers.merge(borrower, 1, Integer::sum);
    }
  }

  @Override
  public synchronized void removeBorrowers(NodeId borrower, Collection<ObjectId> ids) {
    for (ObjectId id : ids) {
      Entry e = entries.get(id);
      if (e == null || e.borrowers == null) {
        continue;
      }
      // A count, not a set: a removal may overtake a later registration of the same borrower.
      if (e.borrowers.merge(borrower, -1, Integer::sum) == 0) {
        e.borrowers.remove(borrower);
      }
      evaluate(id);
    }
  }

  @Override
  public synchronized void borrowerDied(NodeId node) {
    if (node.equals(self) || !deadBorrowers.add(node)) {
      return;
    }
    List<ObjectId> lent = new ArrayList<>();
    for (Map.Entry<ObjectId, Entry> row : entries.entrySet()) {
      Map<NodeId, Integer> b = row.getValue().borrowers;
      if (b != null && b.remove(node) != null) {
        lent.add(row.getKey());
      }
    }
    lent.forEach(this::evaluate);
    List<ObjectId> pending = new ArrayList<>();
    for (Map.Entry<ObjectId, Entry> row : entries.entrySet()) {
      if (!row.getValue().created && row.getValue().owner == null) {
        pending.add(row.getKey());
      }
    }
    pending.forEach(this::evaluate); // those nothing holds are recovered: their tasks may have died with it
    notifyAll();
  }

  @Override
  public synchronized void outersReleased(Collection<ObjectId> outers) {
    for (ObjectId outer : outers) {
      Set<ObjectId> inners = foreignOuters.remove(outer);
      if (inners == null) {
        continue;
      }
      for (ObjectId inner : inners) {
        Entry in = entries.get(inner);
        if (in != null) {
          in.containedIn--;
          evaluate(inner);
        }
      }
    }
  }

  @Override
  public synchronized List<ObjectId> live() {
    return List.copyOf(entries.keySet());
  }

  @Override
  public synchronized boolean isHeld(ObjectId id) {
    Entry e = entries.get(id);
    return e != null && !e.released;
  }

  /** Releases {@code id}'s value, then forgets its entry, as its holders allow; cascades to what it held. */
  private void evaluate(ObjectId first) {
    List<ObjectId> work = new ArrayList<>();
    work.add(first);
    while (!work.isEmpty()) {
      ObjectId id = work.remove(work.size() - 1);
      Entry e = entries.get(id);
      if (e == null) {
        continue;
      }
      if (!e.created) {
        // A pending return is kept: its result is still to come and would be stored. After a node
        // death its task may be lost with it, and no reader would ask lineage to run it again.
        if (e.owner == null && !deadBorrowers.isEmpty() && !e.recovering && !e.valueNeeded()) {
          e.recovering = true;
          outbox.recover.add(id);
        }
        continue;
      }
      if (e.owner != null) {
        if (!e.valueNeeded()) {
          entries.remove(id);
          stopBorrowing(id, e);
        }
        continue;
      }
      if (!e.released && !e.valueNeeded()) {
        e.released = true;
        outbox.release.add(id);
        if (e.contains != null) {
          for (ObjectId inner : e.contains) {
            Entry in = entries.get(inner);
            if (in != null) {
              in.containedIn--;
              work.add(inner);
            }
          }
          e.contains = null;
        }
      }
      if (e.released && e.lineage == 0) {
        entries.remove(id);
        outbox.forget.add(id);
        forgottenLately.add(id);
        if (!id.isPut() && e.rebuildable) {
          outbox.tasksToForget.add(id.task());
        }
        for (ObjectId a : e.args) {
          Entry arg = entries.get(a);
          if (arg != null) {
            arg.lineage--;
            work.add(a);
          }
        }
      }
    }
    if (!outbox.isEmpty()) {
      notifyAll();
    }
  }

  /** Tells the owner that this process holds {@code id} no more: after the owner counted its registration. */
  private void stopBorrowing(ObjectId id, Entry e) {
    e.registered.whenComplete((v, t) -> {
      synchronized (this) {
        outbox.unborrow.computeIfAbsent(e.owner, k -> new ArrayList<>()).add(id);
        notifyAll();
      }
    });
  }

  @Override
  public synchronized void releaseAll() {
    if (ended) {
      return;
    }
    ended = true;
    for (Map.Entry<ObjectId, Entry> row : entries.entrySet()) {
      if (row.getValue().owner != null) {
        stopBorrowing(row.getKey(), row.getValue());
        continue;
      }
      if (!row.getValue().released) {
        outbox.release.add(row.getKey());
      }
      outbox.forget.add(row.getKey());
      if (!row.getKey().isPut() && row.getValue().rebuildable) {
        outbox.tasksToForget.add(row.getKey().task());
      }
    }
    entries.clear();
    notifyAll();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      deliverer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      // Nobody answers a registration any more: a reader waiting on one goes on.
      outbox.register.values().forEach(fs -> fs.values().forEach(f -> f.complete(null)));
      outbox.register.clear();
    }
  }

  private void deliverLoop() {
    while (true) {
      Outbox batch;
      synchronized (this) {
        while (outbox.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (outbox.isEmpty()) {
          return; // closed, nothing left
        }
        batch = outbox.take();
      }
      batch.deliver(effects);
    }
  }
}
