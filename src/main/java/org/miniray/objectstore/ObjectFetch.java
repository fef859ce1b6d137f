package org.miniray.objectstore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
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

  /** How long a failed pull waits before it looks for a copy again. */
  static final long PULL_RETRY_MS = 20;
  /**
   * How long a fetch of a small result this node owns waits for its push (see {@link ObjectManager#expectPush})
   * once its entry shows a live copy, before it pulls the object after all (a push lost with its
   * connection, say).
   */
  static final long PUSH_GRACE_MS = 100;
  /**
   * How long a fetch of a result this node owns waits before it subscribes to the object's entry
   * too. Its maker tells the owner itself (the object, or a notice where it is), so the
   * subscription (a round trip to the GCS, a notification, an unsubscription) is only a safety net
   * for a message lost on the way; deaths are handled without it ({@link ObjectManager#nodeDied}).
   */
  static final long SUBSCRIBE_GRACE_MS = 200;

  /**
   * The timers of every object manager in this process (grace periods, pull retries). Not
   * {@code CompletableFuture.delayedExecutor}: with fewer than 3 cores its tasks run each on a
   * thread of its own, made for it.
   */
  static final ScheduledThreadPoolExecutor TIMERS = timers();

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("miniray-object-timers"));
    t.setRemoveOnCancelPolicy(true); // a fetch done before its grace ends leaves nothing behind
    return t;
  }

  private final ObjectManager m;
  final ObjectId id;
  /** The object in hand, or null when it is in the local store only (see {@link ObjectManager#fetchIntoStore}). */
  final CompletableFuture<SerializedObject> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean pulling = new AtomicBoolean();
  private final AtomicBoolean asking = new AtomicBoolean();
  private final AtomicBoolean askAgain = new AtomicBoolean();
  private static final long FIRST_ASK_BACKOFF_MS = 50;
  private static final long MAX_ASK_BACKOFF_MS = 2_000;
  private volatile long askBackoffMs = FIRST_ASK_BACKOFF_MS;
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
      graceTimer = TIMERS.schedule(this::subscribe, SUBSCRIBE_GRACE_MS, TimeUnit.MILLISECONDS);
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
    Subscription s;
    try {
      s = m.table.subscribe(id, l);
    } catch (RuntimeException e) {
      // The table refused (closed as its cluster shuts down): the fetch fails rather than waits forever.
      fail(e);
      return;
    }
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

  /**
   * Asks the lineage replayer whether the object is lost. One question at a time; one asked while
   * another is out is asked again once it returns, since what changed meanwhile (a task row
   * written, an actor declared dead) may be exactly what the answer in flight did not see.
   */
  private void askLineage() {
    if (result.isDone() || m.dead) {
      return;
    }
    askAgain.set(true);
    if (!asking.compareAndSet(false, true)) {
      return;
    }
    askAgain.set(false);
    log.debug("{} asks m.lineage for {}", m.self, id);
    m.lineage.reconstruct(id).whenComplete((error, t) -> {
      asking.set(false);
      if (t != null) {
        // Not asked: the head that answers (across processes) is away, or restarting. The news
        // that prompted the question may not come again, so the question is asked again.
        long wait = askBackoffMs;
        askBackoffMs = Math.min(wait * 2, MAX_ASK_BACKOFF_MS);
        log.debug("{} could not ask lineage about {}: {}; asking again in {} ms", m.self, id, t.toString(), wait);
        TIMERS.schedule(this::askLineage, wait, TimeUnit.MILLISECONDS);
        return;
      }
      askBackoffMs = FIRST_ASK_BACKOFF_MS;
      if (error != null && !m.dead) {
        // Not published: the loss is this reader's news, and the task may yet be found elsewhere.
        m.store.put(id, error, false);
        // An arrival all the same: its owner learns the object is made (as an error) and frees it,
        // error copy and all, once nothing holds it; else a dropped result lost for good stayed pending.
        m.arrived(id);
        complete(error);
      } else if (askAgain.get()) {
        askLineage();
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
    if (m.store.contains(id)) {
      complete(null); // in the store: whoever needs its bytes reads them there (ObjectManager#fetchIntoStore)
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
      TIMERS.schedule(() -> {
        m.pushExpected.remove(id);
        recheckPull();
      }, PUSH_GRACE_MS, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void pull(NodeId node) {
    long start = m.clock.nanoTime();
    CompletableFuture<SerializedObject> remote;
    try {
      remote = m.transport.connect(node).fetchObject(id, m.intoStore(id, node));
    } catch (RuntimeException e) {
      remote = CompletableFuture.failedFuture(e);
    }
    remote.whenComplete((object, error) -> {
      if (error != null) {
        log.debug("pulling {} from {} failed: {}; waiting for another copy", id, node, error.toString());
        lastFailed = node;
        pulling.set(false);
        // A pause, so that an unreachable node not yet known m.dead is not asked in a tight loop.
        TIMERS.schedule(this::recheckPull, PULL_RETRY_MS, TimeUnit.MILLISECONDS);
        return;
      }
      if (m.dead) {
        return;
      }
      if (object == null) {
        complete(null); // received straight into the store's slabs, and published, by ObjectManager#intoStore
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

  /** Completes once {@code table} lists a copy of {@code id} on {@code node} (ObjectManager#whenLocatedOn). */
  static CompletableFuture<Void> whenLocatedOn(ObjectTable table, ObjectId id, NodeId node) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Subscription[] sub = new Subscription[1];
    synchronized (sub) {
      sub[0] = table.subscribe(id, e -> {
        if (e.locations().contains(node) && done.complete(null)) {
          synchronized (sub) {
            if (sub[0] != null) {
              sub[0].close();
            }
          }
        }
      });
      if (done.isDone()) {
        sub[0].close();
      }
    }
    return done;
  }
}
