package org.miniray.refcount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miniray.common.DaemonThreads;
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
 * <p>Where every ref of the cluster lives in this JVM ({@code followsBorrowers}: an embedded
 * cluster whose tasks run on threads), a ref read back from bytes is counted like any other, so
 * refs nested in objects and task arguments are followed exactly. Elsewhere a ref that leaves in
 * bytes may be read by another process, which does not report back: it escapes, and its object
 * is kept until the job ends ({@link #releaseAll}).
 */
public final class OwnerReferenceCounter implements ReferenceCounter {
  private static final Logger log = LoggerFactory.getLogger(OwnerReferenceCounter.class);

  /** The counts of one owned object; see {@link ReferenceCounter} for what each holder means. */
  private static final class Entry {
    final boolean rebuildable;
    int local;
    int submitted;
    int containedIn;
    int lineage;
    boolean created;
    boolean escaped;
    boolean released;
    /** A task return's arguments: held as submitted until created, then by lineage. */
    List<ObjectId> args = List.of();
    /** The owned objects whose refs this object's bytes contain. */
    Set<ObjectId> contains;

    Entry(boolean rebuildable) {
      this.rebuildable = rebuildable;
    }

    boolean valueNeeded() {
      // Lineage keeps the value too, of a rebuildable object as well: the lineage rule (lab 3) waits
      // for an object whose task finished on a live node, so a value freed under a live row would be
      // waited for, never rebuilt.
      return local > 0 || submitted > 0 || containedIn > 0 || escaped || lineage > 0;
    }
  }

  private final Map<ObjectId, Entry> entries = new HashMap<>();
  private final boolean followsBorrowers;
  private final Effects effects;
  private final Thread deliverer;
  // Guarded by this: what the deliverer sends next.
  private List<ObjectId> toRelease = new ArrayList<>();
  private List<ObjectId> toForget = new ArrayList<>();
  private List<TaskId> tasksToForget = new ArrayList<>();
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

  /**
   * @param followsBorrowers whether every process that can read a ref back is this one (an
   *     embedded cluster running tasks on threads): then nested refs are counted, not escaped
   */
  public OwnerReferenceCounter(boolean followsBorrowers, Effects effects) {
    this.followsBorrowers = followsBorrowers;
    this.effects = effects;
    this.deliverer = DaemonThreads.named("miniray-refcount-%d").newThread(this::deliverLoop);
    deliverer.start();
  }

  @Override
  public synchronized void ownPut(ObjectId id) {
    if (ended) {
      return;
    }
    Entry e = entries.computeIfAbsent(id, k -> new Entry(false));
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
      e = new Entry(rebuildable);
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
      if (arg == null) {
        continue;
      }
      if (followsBorrowers) {
        arg.submitted++;
        held.add(n);
      } else {
        arg.escaped = true;
      }
    }
    e.args = held;
  }

  @Override
  public synchronized void created(ObjectId id) {
    Entry e = entries.get(id);
    if (e == null || e.created) {
      if (e == null ? forgottenLately.contains(id) : e.released) {
        toRelease.add(id); // a copy that arrived after its release
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
    if (!followsBorrowers || out == null || out.released) {
      in.escaped = true;
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
    if (e != null) {
      e.escaped = true;
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
      if (e == null || !e.created) {
        continue; // a pending return is kept: its result is still to come and would be stored
      }
      if (!e.released && !e.valueNeeded()) {
        e.released = true;
        toRelease.add(id);
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
        toForget.add(id);
        forgottenLately.add(id);
        if (!id.isPut() && e.rebuildable) {
          tasksToForget.add(id.task());
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
    if (!toRelease.isEmpty() || !toForget.isEmpty()) {
      notifyAll();
    }
  }

  @Override
  public synchronized void releaseAll() {
    if (ended) {
      return;
    }
    ended = true;
    for (Map.Entry<ObjectId, Entry> row : entries.entrySet()) {
      if (!row.getValue().released) {
        toRelease.add(row.getKey());
      }
      toForget.add(row.getKey());
      if (!row.getKey().isPut() && row.getValue().rebuildable) {
        tasksToForget.add(row.getKey().task());
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
  }

  private void deliverLoop() {
    while (true) {
      List<ObjectId> release;
      List<ObjectId> forget;
      List<TaskId> tasks;
      synchronized (this) {
        while (toRelease.isEmpty() && toForget.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (toRelease.isEmpty() && toForget.isEmpty()) {
          return; // closed, nothing left
        }
        release = toRelease;
        forget = toForget;
        tasks = tasksToForget;
        toRelease = new ArrayList<>();
        toForget = new ArrayList<>();
        tasksToForget = new ArrayList<>();
      }
      // Releases go first: a node drops its copy and its location before the row goes.
      try {
        if (!release.isEmpty()) {
          effects.release(release);
        }
        if (!forget.isEmpty()) {
          effects.forget(forget, List.copyOf(new LinkedHashSet<>(tasks)));
        }
      } catch (RuntimeException e) {
        log.warn("releasing {} objects failed: {}", release.size() + forget.size(), e.toString());
      }
    }
  }
}
