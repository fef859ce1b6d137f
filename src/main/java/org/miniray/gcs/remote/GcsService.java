package org.miniray.gcs.remote;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.Subscription;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.netty.Protocol.ActorOfJob;
import org.miniray.transport.netty.Protocol.AddLocation;
import org.miniray.transport.netty.Protocol.EndJob;
import org.miniray.transport.netty.Protocol.GetFunction;
import org.miniray.transport.netty.Protocol.Heartbeat;
import org.miniray.transport.netty.Protocol.LogCall;
import org.miniray.transport.netty.Protocol.LoggedCall;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.Protocol.Notification;
import org.miniray.transport.netty.Protocol.PutFunction;
import org.miniray.transport.netty.Protocol.ForgetObjects;
import org.miniray.transport.netty.Protocol.ForgetTasks;
import org.miniray.transport.netty.Protocol.RemoveLocation;
import org.miniray.transport.netty.Protocol.RemoveLocations;
import org.miniray.transport.netty.Protocol.RetryTask;
import org.miniray.transport.netty.Protocol.SaveCheckpoint;
import org.miniray.transport.netty.Protocol.Subscribe;
import org.miniray.transport.netty.Protocol.UpdateStatus;
import org.miniray.transport.netty.RpcConnection;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Gcs} to other processes: each GCS message of the {@code Protocol} runs its
 * table method and replies with the result; each connection's subscriptions push their changes
 * to it ({@code NOTIFY}) and close when the connection goes. A one-way write that fails is logged.
 *
 * <p>The failure detector hears of each node heartbeat as it arrives, before the GCS logs it.
 */
public final class GcsService {
  private static final Logger log = LoggerFactory.getLogger(GcsService.class);

  private final Gcs gcs;
  private final WireCodec codec;
  private final Map<RpcConnection, Map<Long, Subscription>> subscriptions = new ConcurrentHashMap<>();

  private final Consumer<NodeId> heartbeatArrived;

  public GcsService(Gcs gcs, WireCodec codec) {
    this(gcs, codec, node -> { });
  }

  /** @param heartbeatArrived told of each node heartbeat as it arrives, before the GCS logs it (the failure detector) */
  public GcsService(Gcs gcs, WireCodec codec, Consumer<NodeId> heartbeatArrived) {
    this.gcs = gcs;
    this.codec = codec;
    this.heartbeatArrived = heartbeatArrived;
  }

  /** Registers the GCS messages on {@code handlers}. */
  public void serveOn(WireHandlers handlers) {
    handlers
        .answer(Message.OBJECT_ADD_LOCATION, (from, m) -> addLocation((AddLocation) m))
        .take(Message.OBJECT_ADD_LOCATION, (from, m) -> logged(from, Message.OBJECT_ADD_LOCATION,
            addLocation((AddLocation) m)))
        .answer(Message.OBJECT_REMOVE_LOCATION, (from, m) -> removeLocation((RemoveLocation) m))
        .take(Message.OBJECT_REMOVE_LOCATION, (from, m) -> logged(from, Message.OBJECT_REMOVE_LOCATION,
            removeLocation((RemoveLocation) m)))
        .answer(Message.OBJECT_REMOVE_LOCATIONS, (from, m) -> removeLocations((RemoveLocations) m))
        .take(Message.OBJECT_REMOVE_LOCATIONS, (from, m) -> logged(from, Message.OBJECT_REMOVE_LOCATIONS,
            removeLocations((RemoveLocations) m)))
        .answer(Message.OBJECT_REMOVE_NODE, (from, m) -> gcs.objectTable().removeNode((NodeId) m))
        .answer(Message.OBJECT_LOOKUP, (from, m) -> gcs.objectTable().lookup((ObjectId) m))
        .answer(Message.OBJECT_FORGET, (from, m) -> gcs.objectTable().forget(((ForgetObjects) m).ids()))
        .answer(Message.TASK_FORGET, (from, m) -> gcs.taskTable().forget(((ForgetTasks) m).ids()))
        .answer(Message.OBJECT_SUBSCRIBE, (from, m) -> subscribe(from, (Subscribe) m,
            push -> gcs.objectTable().subscribe((ObjectId) ((Subscribe) m).key(), push::accept)))
        .answer(Message.TASK_ADD, (from, m) -> gcs.taskTable().add((TaskSpec) m))
        .take(Message.TASK_ADD, (from, m) -> logged(from, Message.TASK_ADD, gcs.taskTable().add((TaskSpec) m)))
        .answer(Message.TASK_UPDATE_STATUS, (from, m) -> {
          UpdateStatus u = (UpdateStatus) m;
          return gcs.taskTable().updateStatus(u.id(), u.status(), u.node());
        })
        .answer(Message.TASK_RETRY, (from, m) -> {
          RetryTask r = (RetryTask) m;
          return gcs.taskTable().retry(r.id(), r.maxRetries());
        })
        .answer(Message.TASK_LOOKUP, (from, m) -> gcs.taskTable().lookup((TaskId) m))
        .answer(Message.TASK_ENTRIES, (from, m) -> gcs.taskTable().entries((TaskStatus) m))
        .answer(Message.TASK_SUBSCRIBE, (from, m) -> subscribe(from, (Subscribe) m,
            push -> gcs.taskTable().subscribe((TaskId) ((Subscribe) m).key(), push::accept)))
        .answer(Message.FUNCTION_PUT, (from, m) -> {
          PutFunction p = (PutFunction) m;
          return gcs.functionTable().put(p.job(), p.resourceName(), p.bytes());
        })
        .answer(Message.FUNCTION_GET, (from, m) -> {
          GetFunction g = (GetFunction) m;
          return gcs.functionTable().get(g.job(), g.resourceName());
        })
        .answer(Message.CHECKPOINT_SAVE, (from, m) -> {
          SaveCheckpoint c = (SaveCheckpoint) m;
          return gcs.checkpointTable().saveCheckpoint(c.job(), c.actor(), c.checkpoint());
        })
        .answer(Message.CHECKPOINT_LATEST, (from, m) -> {
          ActorOfJob a = (ActorOfJob) m;
          return gcs.checkpointTable().latestCheckpoint(a.job(), a.actor());
        })
        .answer(Message.CHECKPOINT_LOG_CALL, (from, m) -> {
          LogCall c = (LogCall) m;
          return gcs.checkpointTable().logCall(c.job(), c.actor(), c.index(), c.call());
        })
        .answer(Message.CHECKPOINT_LOGGED_CALL, (from, m) -> {
          LoggedCall c = (LoggedCall) m;
          return gcs.checkpointTable().loggedCall(c.job(), c.actor(), c.index());
        })
        .answer(Message.ACTOR_PUT, (from, m) -> gcs.actorTable().put((ActorEntry) m))
        .answer(Message.ACTOR_LOOKUP, (from, m) -> gcs.actorTable().lookup((ActorId) m))
        .answer(Message.ACTOR_LOOKUP_BY_NAME, (from, m) -> gcs.actorTable().lookupByName((String) m))
        .answer(Message.ACTOR_OF_JOB, (from, m) -> gcs.actorTable().ofJob((JobId) m))
        .answer(Message.ACTOR_SUBSCRIBE, (from, m) -> subscribe(from, (Subscribe) m,
            push -> gcs.actorTable().subscribe((ActorId) ((Subscribe) m).key(), push::accept)))
        .answer(Message.NODE_REGISTER, (from, m) -> gcs.nodeTable().register((NodeInfo) m))
        .answer(Message.NODE_HEARTBEAT, (from, m) -> {
          Heartbeat h = (Heartbeat) m;
          heartbeatArrived.accept(h.id());
          return gcs.nodeTable().heartbeat(h.id(), h.load());
        })
        .answer(Message.NODE_MARK_DEAD, (from, m) -> gcs.nodeTable().markDead((NodeId) m))
        .answer(Message.NODE_ALL, (from, m) -> gcs.nodeTable().all())
        .answer(Message.NODE_SUBSCRIBE, (from, m) -> subscribe(from, (Subscribe) m,
            push -> gcs.nodeTable().subscribe(push::accept)))
        .answer(Message.JOB_ADD, (from, m) -> gcs.jobTable().add((JobInfo) m))
        .answer(Message.JOB_END, (from, m) -> {
          EndJob e = (EndJob) m;
          return gcs.jobTable().end(e.id(), e.state(), e.endMillis());
        })
        .answer(Message.JOB_LOOKUP, (from, m) -> gcs.jobTable().lookup((JobId) m))
        .answer(Message.JOB_ALL, (from, m) -> gcs.jobTable().all())
        .take(Message.UNSUBSCRIBE, (from, m) -> unsubscribe(from, (Long) m))
        .onDisconnect(this::disconnected);
  }

  private CompletableFuture<Void> addLocation(AddLocation a) {
    return gcs.objectTable().addLocation(a.id(), a.node(), a.sizeBytes());
  }

  private CompletableFuture<Void> removeLocation(RemoveLocation r) {
    return gcs.objectTable().removeLocation(r.id(), r.node());
  }

  private CompletableFuture<Void> removeLocations(RemoveLocations r) {
    return gcs.objectTable().removeLocations(r.ids(), r.node());
  }

  private static void logged(RpcConnection from, Message m, CompletableFuture<?> write) {
    write.exceptionally(t -> {
      log.warn("one-way {} from {} failed: {}", m.describe(), from, t.toString());
      return null;
    });
  }

  /** Subscribes {@code from} under its id; the listener pushes each change on {@code from}'s connection. */
  private CompletableFuture<Void> subscribe(RpcConnection from, Subscribe s,
      Function<Consumer<Object>, Subscription> open) {
    long id = s.subscription();
    Consumer<Object> push = entry -> {
      if (from.isOpen()) {
        WireClient.push(from, codec, Message.NOTIFY, new Notification(id, entry));
      }
    };
    Subscription opened;
    try {
      opened = open.apply(push);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("cannot subscribe: " + e, e));
    }
    // A client renewing its subscriptions after a reconnect may race with a new one of the same id.
    Subscription before = subscriptions.computeIfAbsent(from, c -> new ConcurrentHashMap<>()).put(id, opened);
    if (before != null) {
      before.close();
    }
    return CompletableFuture.completedFuture(null);
  }

  private void unsubscribe(RpcConnection from, long id) {
    Map<Long, Subscription> mine = subscriptions.get(from);
    Subscription s = mine == null ? null : mine.remove(id);
    if (s != null) {
      s.close();
    }
  }

  private void disconnected(RpcConnection c) {
    Map<Long, Subscription> mine = subscriptions.remove(c);
    if (mine != null) {
      mine.values().forEach(Subscription::close);
    }
  }
}
