package org.miniray.refcount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.miniray.common.DaemonThreads;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference counter of one process, kept by the owner as in Ray today (NSDI 2021): every
 * count of an object this process created lives here, in one table under one lock, and no count
 * crosses the network. Changes of count on the hot paths (a ref made or dead, a return owned or
 * created) are queued without the lock ({@link ChangeQueue}) and applied by the counter's own
 * thread, which also delivers the effects (releases, forgotten rows) in batches outside the lock:
 * a ref's death costs the garbage collector's thread a queue insertion and never a message.
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

  private final CountTable entries = new CountTable();
  private final NodeId self;
  private final Effects effects;
  // Guarded by this: the refs held for objects other processes own (a task's result made here).
  private final ForeignOuters foreignOuters = new ForeignOuters();
  // Guarded by this: borrowers declared dead; a registration of theirs that arrives late is ignored.
  private final Set<NodeId> deadBorrowers = new HashSet<>();
  private final Thread deliverer;
  // Guarded by this: what the deliverer sends next.
  private final Outbox outbox = new Outbox();
  private volatile boolean closed;
  // Changes of count made without the lock, applied in order under it by whoever takes it next.
  private final ChangeQueue queued;
  // Guarded by this: evaluate's work list, kept to spare an allocation per evaluation.
  private final List<ObjectId> evaluating = new ArrayList<>();
  private boolean ended;
  // Guarded by this: ids released and forgotten lately. A copy of one that arrives afterwards (a
  // push still in flight when the release went out, stored once the release had passed) is
  // released again, not left behind; nothing can need it, since nothing held it.
  private final ForgottenLately forgottenLately = new ForgottenLately(FORGOTTEN_KEPT);
  private static final int FORGOTTEN_KEPT = 65_536;

  /** @param self the process this counter counts for, as owners and borrowers name it (its node) */
  public OwnerReferenceCounter(NodeId self, Effects effects) {
    this.self = self;
    this.effects = effects;
    this.deliverer = DaemonThreads.named("miniray-refcount-%d").newThread(this::deliverLoop);
    this.queued = new ChangeQueue(deliverer);
    deliverer.start();
  }

  @Override
  public void ownPut(ObjectId id) {
    queued.add(() -> applyOwnPut(id));
  }

  private void applyOwnPut(ObjectId id) {
    if (ended) {
      return;
    }
    CountEntry e = entries.get(id);
    if (e == null) {
      e = new CountEntry(false, null);
      entries.put(id, e);
    }
    e.created = true;
  }

  @Override
  public void ownTaskReturn(ObjectId id, boolean rebuildable, Collection<ObjectId> args,
      Collection<ObjectId> nested) {
    queued.add(() -> applyOwnTaskReturn(id, rebuildable, args, nested));
  }

  private void applyOwnTaskReturn(ObjectId id, boolean rebuildable, Collection<ObjectId> args,
      Collection<ObjectId> nested) {
    if (ended) {
      return;
    }
    CountEntry e = entries.get(id);
    if (e == null) {
      e = new CountEntry(rebuildable, null);
      entries.put(id, e);
    }
    if (args.isEmpty() && nested.isEmpty()) {
      return; // e.args stays empty: nothing to hold
    }
    List<ObjectId> held = new ArrayList<>(args.size() + nested.size());
    for (ObjectId a : args) {
      CountEntry arg = entries.get(a);
      if (arg != null) {
        arg.submitted++;
        held.add(a);
      }
    }
    for (ObjectId n : nested) {
      CountEntry arg = entries.get(n);
      if (arg != null) { // the process that runs the task borrows it before the task reads it
        arg.submitted++;
        held.add(n);
      }
    }
    e.args = held;
  }

  @Override
  public void created(ObjectId id) {
    queued.add(() -> applyCreated(id));
  }

  private void applyCreated(ObjectId id) {
    CountEntry e = entries.get(id);
    if (e != null && e.owner != null) {
      return; // borrowed: its owner hears of it
    }
    if (e == null || e.created) {
      if (e == null ? forgottenLately.contains(id) : e.released) {
        outbox.release.add(id); // a copy that arrived after its release
        if (e == null) {
          outbox.forget.add(id); // and its location may have made its object-table row again
        }
        signal();
      }
      return;
    }
    e.created = true;
    List<ObjectId> args = e.args; // indexed: most returns have none, and an iterator per arrival adds up
    for (int i = 0; i < args.size(); i++) {
      CountEntry arg = entries.get(args.get(i));
      if (arg != null) { // an argument's entry lives while this one holds it
        arg.submitted--;
        arg.lineage++;
      }
    }
    for (int i = 0; i < args.size(); i++) {
      evaluate(args.get(i));
    }
    evaluate(id);
  }

  @Override
  public void addLocalReference(ObjectId id) {
    queued.add(() -> applyAddLocal(id));
  }

  private void applyAddLocal(ObjectId id) {
    CountEntry e = entries.get(id);
    if (e != null) {
      e.local++;
    }
  }

  @Override
  public void removeLocalReference(ObjectId id) {
    queued.add(() -> applyRemoveLocal(id));
  }

  private void applyRemoveLocal(ObjectId id) {
    CountEntry e = entries.get(id);
    if (e != null && e.local > 0) {
      e.local--;
      evaluate(id);
    }
  }

  @Override
  public synchronized void addContained(ObjectId outer, NodeId outerOwner, ObjectId inner) {
    queued.applyAll(); // every change made before this call counts
    CountEntry in = entries.get(inner);
    if (in == null) {
      return;
    }
    CountEntry out = entries.get(outer);
    if ((out == null && forgottenLately.contains(outer)) || (out != null && out.owner == null && out.released)) {
      // Its own object, made again after its release (a task run again by lineage for another
      // reader): that copy is released again on arrival ({@link #created}), and nothing can read it.
      return;
    }
    if (out == null || out.owner != null) {
      // Another process owns the outer object (a task's result, for its caller): this process holds
      // the ref until that owner releases the outer object, which every live node hears, or dies.
      if (foreignOuters.add(outer, outerOwner, inner)) {
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
    queued.applyAll(); // every change made before this call counts
    CountEntry e = entries.get(id);
    if (e != null && !e.escaped) {
      e.escaped = true;
      if (e.owner != null) {
        outbox.pin.computeIfAbsent(e.owner, k -> new HashMap<>()).put(id, new CompletableFuture<>());
        signal();
      }
    }
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public synchronized CompletableFuture<Void> addBorrowedReference(ObjectId id, NodeId owner) {
    queued.applyAll(); // every change made before this call counts
    CountEntry e = entries.get(id);
    if (owner == null || owner.equals(self) || ended) {
      if (e != null) {
        e.local++;
      }
      return DONE;
    }
    if (e == null) {
      e = new CountEntry(false, owner);
      e.created = true;
      e.registered = new CompletableFuture<>();
      entries.put(id, e);
      outbox.register.computeIfAbsent(owner, k -> new HashMap<>()).put(id, e.registered);
      signal();
    }
    e.local++;
    return e.registered == null ? DONE : e.registered;
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** {@code borrower} is this process itself for refs that escaped in a borrower: kept until the job ends. */
  @Override
  public synchronized void addBorrowers(NodeId borrower, Collection<ObjectId> ids) {
    queued.applyAll(); // every change made before this call counts
    if (deadBorrowers.contains(borrower)) {
      return;
    }
    for (ObjectId id : ids) {
      CountEntry e = entries.get(id);
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
    queued.applyAll(); // every change made before this call counts
    for (ObjectId id : ids) {
      CountEntry e = entries.get(id);
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
    queued.applyAll(); // every change made before this call counts
    if (node.equals(self) || !deadBorrowers.add(node)) {
      return;
    }
    List<ObjectId> lent = new ArrayList<>();
    for (Map.Entry<ObjectId, CountEntry> row : entries.entrySet()) {
      Map<NodeId, Integer> b = row.getValue().borrowers;
      if (b != null && b.remove(node) != null) {
        lent.add(row.getKey());
      }
    }
    lent.forEach(this::evaluate);
    List<ObjectId> pending = new ArrayList<>();
    for (Map.Entry<ObjectId, CountEntry> row : entries.entrySet()) {
      if (!row.getValue().created && row.getValue().owner == null) {
        pending.add(row.getKey());
      }
    }
    pending.forEach(this::evaluate); // those nothing holds are recovered: their tasks may have died with it
    letGoOf(foreignOuters.ownedBy(node)); // nobody reads refs back through its objects any more
    signal();
  }

  @Override
  public synchronized void outersReleased(Collection<ObjectId> outers) {
    queued.applyAll(); // every change made before this call counts
    letGoOf(outers);
  }

  private void letGoOf(Collection<ObjectId> outers) {
    for (ObjectId outer : outers) {
      for (ObjectId inner : foreignOuters.release(outer)) {
        CountEntry in = entries.get(inner);
        if (in != null) {
          in.containedIn--;
          evaluate(inner);
        }
      }
    }
  }

  @Override
  public synchronized List<ObjectId> live() {
    queued.applyAll(); // every change made before this call counts
    return List.copyOf(entries.keySet());
  }

  @Override
  public synchronized boolean isHeld(ObjectId id) {
    queued.applyAll(); // every change made before this call counts
    CountEntry e = entries.get(id);
    return e != null && !e.released;
  }

  /** What holds {@code id} here, in words (for a test's failure message or a log line); null if nothing. */
  public synchronized String holders(ObjectId id) {
    queued.applyAll();
    CountEntry e = entries.get(id);
    return e == null ? null : e.toString();
  }

  /** Releases {@code id}'s value, then forgets its entry, as its holders allow; cascades to what it held. */
  private void evaluate(ObjectId first) {
    List<ObjectId> work = evaluating; // never nested: nothing below calls evaluate
    work.add(first);
    while (!work.isEmpty()) {
      ObjectId id = work.remove(work.size() - 1);
      CountEntry e = entries.get(id);
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
            CountEntry in = entries.get(inner);
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
        for (int i = 0; i < e.args.size(); i++) {
          CountEntry arg = entries.get(e.args.get(i));
          if (arg != null) {
            arg.lineage--;
            work.add(e.args.get(i));
          }
        }
      }
    }
    if (!outbox.isEmpty()) {
      signal();
    }
  }

  /** Tells the owner that this process holds {@code id} no more: after the owner counted its registration. */
  private void stopBorrowing(ObjectId id, CountEntry e) {
    e.registered.whenComplete((v, t) -> {
      synchronized (this) {
        outbox.unborrow.computeIfAbsent(e.owner, k -> new ArrayList<>()).add(id);
        signal();
      }
    });
  }

  @Override
  public synchronized void releaseAll() {
    queued.applyAll(); // every change made before this call counts
    if (ended) {
      return;
    }
    ended = true;
    for (Map.Entry<ObjectId, CountEntry> row : entries.entrySet()) {
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
    signal();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      signal();
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

  /** Called holding the lock: the outbox has something, the counter's thread sends it. */
  private void signal() {
    if (Thread.currentThread() != deliverer) {
      LockSupport.unpark(deliverer); // a permit: not lost if the thread parks only later
    }
  }

  private void deliverLoop() {
    while (true) {
      Outbox batch;
      int applied;
      synchronized (this) {
        applied = queued.applyAll(); // every change made before this call counts
        if (outbox.isEmpty() && closed) {
          return; // closed, nothing left
        }
        batch = outbox.isEmpty() ? null : outbox.take();
      }
      if (batch != null) {
        batch.deliver(effects);
      }
      queued.awaitChange(batch != null || applied > 0);
      if (Thread.interrupted()) {
        return;
      }
    }
  }
}
