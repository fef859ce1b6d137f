package org.miniray.objectstore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.events.Event;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object being brought to a node by its {@link ObjectManager}; shared by everyone who waits
 * for it. It subscribes to the object's entry (or, for a small result owned here, first waits for
 * its push), pulls a live copy, retries another after a failed pull, and asks the lineage
 * replayer when no live copy is left.
 */
final class ObjectFetch {
  private static final Logger log = LoggerFactory.getLogger(ObjectFetch.class);

  private final ObjectManager m;
  final ObjectId id;
  final CompletableFuture<SerializedObject> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean pulling = new AtomicBoolean();
  private final AtomicBoolean asking = new AtomicBoolean();
  private final AtomicBoolean awaitingPush = new AtomicBoolean();
  private volatile NodeId lastFailed;
  private volatile Subscription subscription;
  private volatile Listener listener;

  /**
   * What the object table calls: the fetch until it is done, then nothing. Notifications already
   * queued for a fetch when it completes (its object evicted or copied elsewhere meanwhile) run
   * later, and each held the fetch, and so its result, the whole object: with the table's threads
   * busy, 3 GiB of pulled copies through a 256 MiB store filled a 1 GiB heap that way.
   */
  private static final class Listener implements Consumer<ObjectEntry> {
    volatile ObjectFetch fetch;

    Listener(ObjectFetch fetch) {
      this.fetch = fetch;
    }

    @Override
    public void accept(ObjectEntry entry) {
      ObjectFetch f = fetch;
      if (f != null) {
        f.onEntry(entry);
      }
    }
  }
  private volatile ScheduledFuture<?> graceTimer;

  ObjectFetch(ObjectManager m, ObjectId id) {
    this.m = m;
    this.id = id;
  }

  void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    if (m.pushExpected.contains(id)) {
      // Its maker will tell this node (expectPush): subscribe only if it has not within the grace.
      graceTimer = ObjectManager.TIMERS.schedule(this::subscribe, ObjectManager.SUBSCRIBE_GRACE_MS, TimeUnit.MILLISECONDS);
      if (result.isDone()) {
        graceTimer.cancel(false);
      }
      if (!m.deadNodes.isEmpty()) {
        recheck(); // the node that was to make it may be m.dead already
      }
    } else {
      subscribe();
    }
  }

  private void subscribe() {
    if (result.isDone() || m.dead) {
      return;
    }
    Listener l = new Listener(this);
    listener = l;
    Subscription s = m.table.subscribe(id, l);
    subscription = s;
    if (result.isDone()) {
      s.close(); // completed while subscribing, before complete() could see the subscription
    } else if (!m.deadNodes.isEmpty()) {
      recheck(); // the node that was to make it may be m.dead already
    }
  }

  void fail(Throwable t) {
    if (result.completeExceptionally(t)) {
      m.fetches.remove(id, this);
      stopListening();
      Subscription s = subscription;
      if (s != null) {
        s.close();
      }
    }
  }

  /** Looks at the object's entry again; with no entry or no live copy, asks the m.lineage replayer. */
  void recheck() {
    if (result.isDone()) {
      return;
    }
    m.table.lookup(id).thenAccept(e -> {
      if (e.isPresent()) {
        onEntry(e.get());
      } else {
        askLineage();
      }
    });
  }

  private void askLineage() {
    if (result.isDone() || m.dead || !asking.compareAndSet(false, true)) {
      return;
    }
    log.debug("{} asks m.lineage for {}", m.self, id);
    m.lineage.reconstruct(id).whenComplete((error, t) -> {
      asking.set(false);
      if (error != null && !m.dead) {
        // Not published: the loss is this reader's news, and the task may yet be found elsewhere.
        m.store.put(id, error, false);
        complete(error);
      }
    });
  }

  void complete(SerializedObject object) {
    if (result.complete(object)) {
      m.pushExpected.remove(id);
      m.fetches.remove(id, this);
      ScheduledFuture<?> t = graceTimer;
      if (t != null) {
        t.cancel(false);
      }
      stopListening();
      Subscription s = subscription;
      if (s != null) {
        s.close();
      }
    }
  }

  private void stopListening() {
    Listener l = listener;
    if (l != null) {
      l.fetch = null;
    }
  }

  void onEntry(ObjectEntry entry) {
    if (result.isDone()) {
      return;
    }
    SerializedObject local = m.store.get(id);
    if (local != null) {
      complete(local);
      return;
    }
    // The m.table is the truth about copies; a node known m.dead is only the last choice (a node
    // declared m.dead by mistake may still serve), and one whose pull just failed the one before.
    NodeId choice = null;
    boolean anyLive = false;
    for (NodeId node : entry.locations()) {
      if (node.equals(m.self)) {
        continue;
      }
      boolean live = !m.deadNodes.contains(node);
      anyLive |= live;
      if (choice == null || live && (m.deadNodes.contains(choice) || choice.equals(lastFailed))) {
        choice = node;
      }
    }
    if (!anyLive && !m.deadNodes.isEmpty()) {
      askLineage(); // every copy is on a m.dead node
    }
    if (choice != null && !awaitPush(entry, choice) && pulling.compareAndSet(false, true)) {
      pull(choice);
    }
  }

  /** Whether to wait for the push of this small result owned here rather than pull it now ({@link ObjectManager#expectPush}). */
  private boolean awaitPush(ObjectEntry entry, NodeId choice) {
    if (!m.pushExpected.contains(id)) {
      return false;
    }
    if (entry.sizeBytes() > m.pushMaxBytes || m.deadNodes.contains(choice)) {
      m.pushExpected.remove(id); // no push is coming
      return false;
    }
    if (awaitingPush.compareAndSet(false, true)) {
      ObjectManager.TIMERS.schedule(() -> {
        m.pushExpected.remove(id);
        recheckPull();
      }, ObjectManager.PUSH_GRACE_MS, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void pull(NodeId node) {
    long start = m.clock.nanoTime();
    CompletableFuture<SerializedObject> remote;
    try {
      remote = m.transport.connect(node).fetchObject(id);
    } catch (RuntimeException e) {
      remote = CompletableFuture.failedFuture(e);
    }
    remote.whenComplete((object, error) -> {
      if (error != null) {
        log.debug("pulling {} from {} failed: {}; waiting for another copy", id, node, error.toString());
        lastFailed = node;
        pulling.set(false);
        // A pause, so that an unreachable node not yet known m.dead is not asked in a tight loop.
        ObjectManager.TIMERS.schedule(this::recheckPull, ObjectManager.PULL_RETRY_MS, TimeUnit.MILLISECONDS);
        return;
      }
      if (m.dead) {
        return;
      }
      double ms = Math.max((m.clock.nanoTime() - start) / 1e6, 1e-3);
      m.bandwidth.add(object.size() / ms);
      m.events.object(Event.Kind.OBJECT_TRANSFERRED, id, object.size(), node.value());
      if (m.storeUnlessFreed(id, object, false)) {
        m.publish(id, object.size());
        m.arrived(id); // a copy pulled after its owner released the object is released too
      }
      // The pulled array itself, not the store's copy: reading that back would copy a large
      // object out of its slabs (or its spilled file) once more.
      complete(object);
    });
  }

  private void recheckPull() {
    if (!result.isDone() && !m.dead) {
      m.table.lookup(id).thenAccept(e -> e.ifPresent(this::onEntry));
    }
  }
}
