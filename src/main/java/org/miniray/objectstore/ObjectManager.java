package org.miniray.objectstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.miniray.common.Clock;
import org.miniray.common.ExponentialAverage;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's object manager (paper section 4.2.3, figure 7 steps 3 to 5): puts objects made here
 * into the local store and publishes their location in the object table, and brings objects
 * made elsewhere into the local store when a task or {@code get} needs them. When an object
 * does not exist yet it subscribes to its entry in the object table and pulls it as soon as a
 * location appears, so nobody polls.
 */
public final class ObjectManager {
  private static final Logger log = LoggerFactory.getLogger(ObjectManager.class);

  private final NodeId self;
  private final ObjectStore store;
  private final ObjectTable table;
  private final Transport transport;
  private final Clock clock;
  private final EventRecorder events;
  private final ConcurrentHashMap<ObjectId, Fetch> fetches = new ConcurrentHashMap<>();
  private final ExponentialAverage bandwidth = new ExponentialAverage(0.2, 1e6); // bytes per ms

  public ObjectManager(NodeId self, ObjectStore store, ObjectTable table, Transport transport, Clock clock,
      EventRecorder events) {
    this.self = self;
    this.store = store;
    this.table = table;
    this.transport = transport;
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
    if (store.put(id, object, true)) {
      events.object(Event.Kind.OBJECT_CREATED, id, object.size(), null);
      Fetch f = fetches.get(id);
      if (f != null) {
        f.complete(object);
      }
      table.addLocation(id, self, object.size());
    }
  }

  /** The object if it is in the local store now, else null. */
  public SerializedObject getLocal(ObjectId id) {
    return store.get(id);
  }

  /** Completes when the object is in the local store, pulling it from another node if need be. */
  public CompletableFuture<SerializedObject> fetch(ObjectId id) {
    SerializedObject local = store.get(id);
    if (local != null) {
      return CompletableFuture.completedFuture(local);
    }
    Fetch f = fetches.computeIfAbsent(id, Fetch::new);
    f.start();
    // The object may have arrived between the first look and registering the fetch.
    local = store.get(id);
    if (local != null) {
      f.complete(local);
    }
    return f.result;
  }

  /** Completes when every one of {@code ids} is in the local store. */
  public CompletableFuture<Void> fetchAll(Collection<ObjectId> ids) {
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<SerializedObject>> fs = new ArrayList<>(ids.size());
    boolean allDone = true;
    for (ObjectId id : ids) {
      CompletableFuture<SerializedObject> f = fetch(id);
      allDone &= f.isDone();
      fs.add(f);
    }
    return allDone ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]));
  }

  /** One object being brought here; shared by everyone who waits for it. */
  private final class Fetch {
    final ObjectId id;
    final CompletableFuture<SerializedObject> result = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean pulling = new AtomicBoolean();
    private volatile Subscription subscription;

    Fetch(ObjectId id) {
      this.id = id;
    }

    void start() {
      if (started.compareAndSet(false, true)) {
        subscription = table.subscribe(id, this::onEntry);
        if (result.isDone()) {
          subscription.close();
        }
      }
    }

    void complete(SerializedObject object) {
      if (result.complete(object)) {
        fetches.remove(id, this);
        Subscription s = subscription;
        if (s != null) {
          s.close();
        }
      }
    }

    private void onEntry(ObjectEntry entry) {
      if (result.isDone()) {
        return;
      }
      SerializedObject local = store.get(id);
      if (local != null) {
        complete(local);
        return;
      }
      Set<NodeId> from = entry.locations();
      for (NodeId node : from) {
        if (!node.equals(self) && pulling.compareAndSet(false, true)) {
          pull(node);
          return;
        }
      }
    }

    private void pull(NodeId node) {
      long start = clock.nanoTime();
      CompletableFuture<SerializedObject> remote;
      try {
        remote = transport.connect(node).fetchObject(id);
      } catch (RuntimeException e) {
        remote = CompletableFuture.failedFuture(e);
      }
      remote.whenComplete((object, error) -> {
        if (error != null) {
          log.debug("pulling {} from {} failed: {}; waiting for another copy", id, node, error.toString());
          pulling.set(false);
          table.lookup(id).thenAccept(e -> e.ifPresent(this::onEntry));
          return;
        }
        double ms = Math.max((clock.nanoTime() - start) / 1e6, 1e-3);
        bandwidth.add(object.size() / ms);
        events.object(Event.Kind.OBJECT_TRANSFERRED, id, object.size(), node.value());
        if (store.put(id, object, false)) {
          table.addLocation(id, self, object.size());
        }
        complete(store.get(id) != null ? store.get(id) : object);
      });
    }
  }
}
