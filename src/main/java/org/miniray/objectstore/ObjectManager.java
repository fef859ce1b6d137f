package org.miniray.objectstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.common.ExponentialAverage;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.transport.BodySink;
import org.miniray.transport.NodeObjects;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's object manager (paper section 4.2.3, figure 7 steps 3 to 5): puts objects made here
 * into the local store and publishes their location in the object table, and brings objects
 * made elsewhere into the local store when a task or {@code get} needs them. When an object
 * does not exist yet it subscribes to its entry in the object table and pulls it as soon as a
 * location appears, so nobody polls.
 *
 * <p>Fault tolerance: when an object it waits for has no live copy (every node that held it, or
 * the node that was to make it, is dead) it asks the {@link LineageReplayer} to rebuild it; it
 * asks again for every waiting object each time it hears of a death ({@link #nodeDied}). A failed
 * pull is retried after a short pause, preferring another copy. A killed node's manager
 * ({@link #kill}) publishes nothing more, so results made on a dead node never become visible.
 */
public final class ObjectManager {
  private static final Logger log = LoggerFactory.getLogger(ObjectManager.class);

  final NodeId self;
  final ObjectStore store;
  final ObjectTable table;
  final Transport transport;
  final Clock clock;
  final EventRecorder events;
  final ConcurrentHashMap<ObjectId, ObjectFetch> fetches = new ConcurrentHashMap<>();
  final ExponentialAverage bandwidth = new ExponentialAverage(0.2, 1e6); // bytes per ms
  final LineageReplayer lineage;
  final Set<NodeId> deadNodes = ConcurrentHashMap.newKeySet();
  // Ids freed here; kept for the node's life (an id is a few dozen bytes) so a freed object stays gone.
  private final Set<ObjectId> freed = ConcurrentHashMap.newKeySet();
  volatile boolean dead;
  private volatile RuntimeException deadBecause; // set before dead
  private final CallSiteTable callSites = new CallSiteTable();
  // The tags (TaskId#jobTag) of the jobs that ended: their objects are refused here from now on.
  private final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();
  final int pushMaxBytes;
  /** Results of tasks submitted here, which their node pushes here if small ({@link #expectPush}). */
  final Set<ObjectId> pushExpected = ConcurrentHashMap.newKeySet();

  private final List<Consumer<ObjectId>> arrivals = new CopyOnWriteArrayList<>();
  private volatile ReferenceCounter references; // see countReferencesWith

  /** The components an object manager works with: where objects live, are found, travel and are rebuilt. */
  public record Parts(ObjectStore store, ObjectTable table, Transport transport, LineageReplayer lineage) {}

  /**
   * @param pushMaxBytes results made here for another node ({@link #putResult})
   *     up to this size are pushed to it; 0 pushes none
   */
  public ObjectManager(NodeId self, Parts parts, Clock clock, EventRecorder events, int pushMaxBytes) {
    this.self = self;
    this.pushMaxBytes = pushMaxBytes;
    this.lineage = parts.lineage();
    this.store = parts.store();
    this.table = parts.table();
    this.transport = parts.transport();
    this.clock = clock;
    this.events = events;
    store.addEvictionListener(id -> {
      table.removeLocation(id, self);
      events.object(Event.Kind.OBJECT_EVICTED, id, 0, null);
    });
  }

  public ObjectStore store() {
    return store;
  }

  /** Average rate of this node's pulls, bytes per millisecond. */
  public double bandwidthBytesPerMs() {
    return bandwidth.get();
  }

  /** Stores an object made on this node and publishes its location; wakes local waiters at once. */
  public void putPrimary(ObjectId id, SerializedObject object) {
    if (storePrimary(id, object)) {
      publish(id, object.size());
      arrived(id);
    }
  }

  /** As {@link #putPrimary} for an array the caller may change after {@code Ray.put}: written into the store's memory. */
  public void putPrimaryCopy(ObjectId id, ObjectWriter object) {
    if (storePrimary(id, object.length(), () -> store.putFrom(id, object, true), null)) {
      publish(id, object.length());
      arrived(id);
    }
  }

  private boolean storePrimary(ObjectId id, SerializedObject object) {
    return storePrimary(id, object.size(), () -> store.put(id, object, true), object);
  }

  /** Whether {@code put} stored it here (to publish); a fetch gets {@code shared}, or the store's copy if null. */
  private boolean storePrimary(ObjectId id, long size, BooleanSupplier put, SerializedObject shared) {
    if (dead) {
      return false; // a dead node's results must never be published
    }
    if (!storeUnlessFreed(id, put)) {
      return false;
    }
    events.object(Event.Kind.OBJECT_CREATED, id, size, null);
    pushExpected.remove(id);
    ObjectFetch f = fetches.get(id);
    if (f != null) {
      f.complete(shared); // null: in the store only, never the caller's own memory (fetchIntoStore)
    }
    return true;
  }

  /**
   * Stores the result of a task owned by {@code owner} as a primary copy ({@link #putPrimary}); a
   * small one is also pushed to another owner, saving its pull on {@code get}, as in Ray.
   */
  public void putResult(ObjectId id, NodeId owner, SerializedObject object) {
    boolean stored = storePrimary(id, object);
    // Pushed before the location is published: an entry reaching the owner's fetch first would
    // start a pull (a request and a reply of the whole object) that the push makes useless.
    if (!dead && owner != null && !owner.equals(self) && pushMaxBytes > 0 && !ofEndedJob(id)) {
      try {
        if (object.size() <= pushMaxBytes) {
          transport.connect(owner).pushObject(id, object);
        } else {
          transport.connect(owner).objectMade(id, self, object.size());
        }
      } catch (RuntimeException e) {
        log.debug("telling {}'s owner {} of it failed: {}; it will hear from the object table", id, owner,
            e.toString());
      }
    }
    if (stored) {
      publish(id, object.size());
      arrived(id); // the owner's counter, if it lives in this process; others ignore an id they do not own
    }
  }

  /**
   * {@code id} is the result of a task submitted here, which its runner pushes here if small
   * ({@link #putResult}). The object table's news of it may come before the push, on another
   * connection: a fetch seeing a small object on a live node waits for the push (up to {@link
   * ObjectFetch#PUSH_GRACE_MS}) rather than pull it twice. The mark goes when the object arrives, or when its
   * entry shows it too big to be pushed.
   */
  public void expectPush(ObjectId id) {
    if (pushMaxBytes > 0 && !dead) {
      pushExpected.add(id);
    }
  }

  /** {@code holder} made {@code id}, a result owned here too big to push: a fetch waiting for it pulls it now. */
  public void made(ObjectId id, NodeId holder, long sizeBytes) {
    pushExpected.remove(id);
    arrived(id);
    ObjectFetch f = fetches.get(id);
    if (f != null && !dead) {
      f.onEntry(new ObjectEntry(id, sizeBytes, Set.of(holder)));
    }
  }

  /** A copy pushed here by the node that made it ({@link org.miniray.transport.NodeService#pushObject}). */
  public void receive(ObjectId id, SerializedObject object) {
    pushExpected.remove(id);
    if (dead) {
      return;
    }
    if (storeUnlessFreed(id, object, false)) {
      publish(id, object.size());
    }
    arrived(id);
    ObjectFetch f = fetches.get(id);
    if (f != null) {
      f.complete(object); // as a pull completes: the copy in hand, not one read back from the store
    }
  }

  /**
   * Frees {@code id} here ({@code Ray.internal().free}): deletes the copy and this location, and
   * remembers the id: every fetch of it fails at once ({@link ObjectFreedException}), a copy arriving
   * later is dropped, and lineage never rebuilds it. Returns whether a copy was here.
   */
  public boolean free(ObjectId id) {
    freed.add(id);
    callSites.forget(id);
    boolean had = store.delete(id);
    if (had) {
      table.removeLocation(id, self);
      events.object(Event.Kind.OBJECT_EVICTED, id, 0, null);
    }
    ObjectFetch f = fetches.get(id);
    if (f != null) {
      f.fail(new ObjectFreedException(id));
    }
    return had;
  }

  // --- reference counting (refcount.ReferenceCounter): what freeing by count needs here ------------

  /**
   * Releases {@code id} here (nothing references it): deletes the copy but leaves this node's
   * location, as its owner forgets the whole row next; lineage may make it again, unlike after {@link #free}.
   */
  public boolean release(ObjectId id) {
    callSites.forget(id);
    boolean had = store.delete(id);
    if (had) {
      events.object(Event.Kind.OBJECT_EVICTED, id, 0, null);
    }
    return had;
  }

  /** Releases {@code ids} whose rows stay; their locations here go in one GCS write. Returns how many were here. */
  public int releaseAll(Collection<ObjectId> ids) {
    List<ObjectId> had = new ArrayList<>(ids.size());
    for (ObjectId id : ids) {
      if (release(id)) {
        had.add(id);
      }
    }
    if (!had.isEmpty()) {
      table.removeLocations(had, self);
    }
    return had.size();
  }

  /**
   * Job {@code job} ended (its driver shut down or died): its objects' copies here are released
   * ({@link #release}), their fetches fail ({@link ObjectFreedException}) and a copy arriving later
   * is dropped: they belonged to the job's refs, which are gone. Returns how many were released.
   */
  public int endJob(JobId job) {
    endedJobs.add(TaskId.jobTag(job));
    int released = releaseAll(store.copies().stream().map(NodeObjects.Copy::id).filter(id -> id.isOf(job)).toList());
    pushExpected.removeIf(id -> id.isOf(job));
    callSites.forgetJob(job);
    fetches.forEach((id, f) -> {
      if (id.isOf(job)) {
        f.fail(new ObjectFreedException(id));
      }
    });
    return released;
  }

  /** {@code id}, owned here, was made by the user's code at {@code callSite} ({@link CallSiteTable}). */
  public void recordCallSite(ObjectId id, String callSite) {
    if (!ofEndedJob(id)) {
      callSites.record(id, callSite);
    }
  }

  /** What this node holds and owns ({@link NodeObjects}), for {@code miniray memory}. */
  public NodeObjects listing() {
    return new NodeObjects(self, dead ? List.of() : store.copies(), callSites.snapshot());
  }

  /** Whether job {@code job} ended here ({@link #endJob}). */
  public boolean hasEnded(JobId job) {
    return endedJobs.contains(TaskId.jobTag(job));
  }

  private boolean ofEndedJob(ObjectId id) {
    return !endedJobs.isEmpty() && endedJobs.contains(id.task().jobTag());
  }

  /** Whether a copy of {@code id} arriving now is dropped: the object was freed, or its job ended. */
  boolean dropsArrivalOf(ObjectId id) {
    return freed.contains(id) || ofEndedJob(id);
  }

  /**
   * {@code listener} hears of each object stored here as a primary, pushed or pulled here, or
   * announced by its maker ({@link #made}): how an owner learns its results exist (or must go).
   */
  public void addArrivalListener(Consumer<ObjectId> listener) {
    arrivals.add(listener);
  }

  void arrived(ObjectId id) {
    arrivals.forEach(l -> l.accept(id));
  }

  /**
   * Publishes this node's copy of {@code id}; if a release on another thread deleted the copy
   * meanwhile (it arrived late), the location, which would outlive it, goes again.
   */
  void publish(ObjectId id, long sizeBytes) {
    table.addLocation(id, self, sizeBytes);
    if (!store.contains(id)) {
      table.removeLocation(id, self);
    }
  }

  /** Whether {@code id} was freed on this node. */
  public boolean isFreed(ObjectId id) {
    return freed.contains(id);
  }

  // A free (or the job's end) may run between the check and the put, so the check is made again after it.
  boolean storeUnlessFreed(ObjectId id, SerializedObject object, boolean primary) {
    return storeUnlessFreed(id, () -> store.put(id, object, primary));
  }

  private boolean storeUnlessFreed(ObjectId id, BooleanSupplier put) {
    if (dropsArrivalOf(id) || !put.getAsBoolean()) {
      return false;
    }
    if (dropsArrivalOf(id)) {
      store.delete(id);
      return false;
    }
    return true;
  }

  /** The encoding of the object if it is in the local store now (its bytes are not copied), else null. */
  public Byte localEncoding(ObjectId id) {
    return dead ? null : store.encoding(id);
  }

  /** A reader of the object if it is in the local store now, else null (see {@link ObjectStore#open}). */
  public ObjectReader openLocal(ObjectId id) {
    return dead ? null : store.open(id);
  }

  /** The object if it is in the local store now, else null. */
  public SerializedObject getLocal(ObjectId id) {
    return dead ? null : store.get(id);
  }

  /** This node was killed: from now on it holds nothing, publishes nothing, and every fetch (pending or new) fails. */
  public void kill() {
    kill(new IllegalStateException("node " + self + " is dead"));
  }

  /** As {@link #kill()}, every fetch failing with {@code why} (a driver whose head took the cluster's state with it). */
  public void kill(RuntimeException why) {
    deadBecause = why;
    dead = true;
    for (ObjectFetch f : fetches.values()) {
      f.fail(why);
    }
  }

  /**
   * The reference counter of this node's process (refcount): it answers the borrowers'
   * registrations sent to this node, hears of other owners' releases and of nodes' deaths. Set
   * once by the process's runtime.
   */
  public void countReferencesWith(ReferenceCounter counter) {
    this.references = counter;
  }

  /** This node's process's reference counter, or null while its runtime counts none. */
  public ReferenceCounter references() {
    return references;
  }

  /**
   * {@code node} died: every object waited for here whose only copies were there is rebuilt, and
   * this process's counter forgets it as a borrower.
   */
  public void nodeDied(NodeId node) {
    ReferenceCounter r = references;
    if (r != null) {
      r.borrowerDied(node);
    }
    if (!dead && !node.equals(self) && deadNodes.add(node)) {
      for (ObjectFetch f : fetches.values()) {
        f.recheck();
      }
    }
  }

  /**
   * If {@code id} is waited for here, looks again at its entry and, with no live copy, asks
   * lineage: for a waiter whose object's task-table row was written after its last look (an
   * actor call that never reached its host, whose caller wrote its row when the actor died).
   */
  public void recheck(ObjectId id) {
    ObjectFetch f = fetches.get(id);
    if (f != null && !dead) {
      f.recheck();
    }
  }

  /** Completes once the object table lists a copy of {@code id} on {@code node}. */
  public CompletableFuture<Void> whenLocatedOn(ObjectId id, NodeId node) {
    return ObjectFetch.whenLocatedOn(table, id, node);
  }

  /** Completes when the object is in the local store, pulling it from another node if need be. */
  public CompletableFuture<SerializedObject> fetch(ObjectId id) {
    return fetchIntoStore(id).thenCompose(o -> o != null ? CompletableFuture.completedFuture(o) : readBack(id));
  }

  // The object as the store holds it now (copied out of its memory), or fetched again if it went meanwhile.
  private CompletableFuture<SerializedObject> readBack(ObjectId id) {
    SerializedObject o = dead ? null : store.get(id);
    return o != null ? CompletableFuture.completedFuture(o) : fetch(id);
  }

  /**
   * As {@link #fetch}, but with null when the object is only in the store's memory (a large copy
   * pulled into its slabs, {@link #intoStore}): read it with {@link #openLocal} or {@link #getLocal}.
   */
  public CompletableFuture<SerializedObject> fetchIntoStore(ObjectId id) {
    if (dead) {
      RuntimeException why = deadBecause;
      return CompletableFuture.failedFuture(why != null ? why : new IllegalStateException("node " + self + " is dead"));
    }
    if (freed.contains(id)) {
      return CompletableFuture.failedFuture(new ObjectFreedException(id));
    }
    if (store.contains(id)) {
      return CompletableFuture.completedFuture(null);
    }
    ObjectFetch f = fetches.computeIfAbsent(id, key -> new ObjectFetch(this, key));
    f.start();
    // The object may have arrived between the first look and registering the fetch.
    if (store.contains(id)) {
      f.complete(null);
    }
    return f.result;
  }

  /**
   * As {@link #fetch}, without copying the object out of the store: what {@code wait} and a task's
   * inputs need (copies made only to learn that objects were here once filled a 1 GiB heap).
   */
  public CompletableFuture<Void> whenLocal(ObjectId id) {
    if (!dead && !freed.contains(id) && store.contains(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return fetchIntoStore(id).thenApply(o -> null);
  }

  /** Where a pull of {@code id} from {@code holder} receives the object's bytes: see {@link PullIntoStore}. */
  BodySink intoStore(ObjectId id, NodeId holder) {
    return new PullIntoStore(this, id, holder);
  }

  /** The size of the object in the local store now, or -1 when it is not here (its bytes are not copied). */
  public long localSize(ObjectId id) {
    return dead ? -1 : store.sizeOf(id);
  }

  /** Whether the object is in the local store now (its bytes are not copied). */
  public boolean isLocal(ObjectId id) {
    return !dead && store.contains(id);
  }

  /** Completes when every one of {@code ids} is in the local store. */
  public CompletableFuture<Void> fetchAll(Collection<ObjectId> ids) {
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Void>> fs = new ArrayList<>(ids.size());
    boolean allDone = true;
    for (ObjectId id : ids) {
      CompletableFuture<Void> f = whenLocal(id);
      allDone &= f.isDone();
      fs.add(f);
    }
    return allDone ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]));
  }
}
