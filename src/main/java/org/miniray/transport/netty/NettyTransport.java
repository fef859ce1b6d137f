package org.miniray.transport.netty;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.BodySink;
import org.miniray.transport.NodeObjects;
import org.miniray.transport.NodeService;
import org.miniray.transport.NodeUnreachableException;
import org.miniray.transport.Transport;
import org.miniray.transport.netty.Protocol.ActorCall;
import org.miniray.transport.netty.Protocol.ActorCalls;
import org.miniray.transport.netty.Protocol.FailTask;
import org.miniray.transport.netty.Protocol.FetchObject;
import org.miniray.transport.netty.Protocol.FreeObjects;
import org.miniray.transport.netty.Protocol.EndJobOnNode;
import org.miniray.transport.netty.Protocol.ListObjects;
import org.miniray.transport.netty.Protocol.ReleaseObjects;
import org.miniray.transport.netty.Protocol.Borrow;
import org.miniray.transport.netty.Protocol.DropActor;
import org.miniray.transport.netty.Protocol.KillActor;
import org.miniray.transport.netty.Protocol.RunTask;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.Protocol.ObjectMade;
import org.miniray.transport.netty.Protocol.PlaceTask;
import org.miniray.transport.netty.Protocol.PlaceTasks;
import org.miniray.transport.netty.Protocol.PushObject;
import org.miniray.transport.netty.Protocol.ToNode;

/**
 * Nodes in other processes, reached over the cluster's authenticated RPC. Nodes bound in this
 * process are called directly; others get a stub that turns each {@link NodeService} call into a
 * {@link Protocol} message to the address the node table gives. Incoming node messages reach the
 * nodes bound here through the handlers {@link #serveOn} registers on the process's server.
 *
 * <p>An object is pulled in two calls: its encoding first, then its bytes, which the RPC layer
 * streams in chunks read straight out of the holder's store (its slabs, or its file when it was
 * spilled: {@link NodeService#openObject}) and, here, straight into the memory the puller's
 * {@link BodySink} gives for them (its store's slabs), or into one array when it gives none, so a
 * large object is never held whole on the holder's heap, nor twice here.
 *
 * <p>Actor calls to a node are queued and sent by the connection's event loop thread
 * ({@link MessageBatch}): the calls made while the previous message was being sent go out as one
 * {@link Message#SUBMIT_ACTOR_TASKS} message, so a burst of calls costs one encoding and one
 * frame per batch rather than per call, and the caller does not encode them. Tasks placed on a
 * node go the same way ({@link Message#PLACE_TASKS}), through {@link WireClient#batchSending} on
 * the node's connection, so any other message to the node sends the placements queued before it.
 */
public final class NettyTransport implements Transport {
  /** Most actor calls (or placed tasks) in one message. */
  static final int MAX_CALLS_PER_MESSAGE = 512;
  /** Actor calls queued for one node beyond which the caller sends them itself (and so waits while the connection is backed up). */
  static final int MAX_CALLS_QUEUED = 8_192;
  private final WireCodec codec;
  private final RpcConfig config;
  private final ClusterToken token;
  private final Function<NodeId, InetSocketAddress> addresses;
  private final ConcurrentHashMap<NodeId, NodeService> local = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeId, WireClient> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeId, MessageBatch<TaskSpec>> batches = new ConcurrentHashMap<>();

  /** @param addresses where each node listens (from the node table); null when unknown */
  public NettyTransport(WireCodec codec, RpcConfig config, ClusterToken token,
      Function<NodeId, InetSocketAddress> addresses) {
    this.codec = codec;
    this.config = config;
    this.token = token;
    this.addresses = addresses;
  }

  @Override
  public void bind(NodeId id, NodeService service) {
    if (local.putIfAbsent(id, service) != null) {
      throw new IllegalStateException("node " + id + " is already bound");
    }
  }

  @Override
  public void unbind(NodeId id) {
    local.remove(id);
  }

  @Override
  public NodeService connect(NodeId id) {
    NodeService here = local.get(id);
    return here != null ? here : new Stub(id);
  }

  private WireClient client(NodeId id) {
    WireClient c = clients.get(id);
    if (c != null && c.connection().isConnected()) {
      return c;
    }
    InetSocketAddress where = addresses.apply(id);
    if (where == null) {
      throw new NodeUnreachableException(id);
    }
    synchronized (clients) {
      c = clients.get(id);
      if (c == null || !c.connection().isConnected()) {
        if (c != null) {
          c.connection().close();
        }
        c = new WireClient(RpcClient.connect(config, token, where, RpcHandler.none()), codec);
        NodeId to = id;
        c.batchSending(new MessageBatch.Form<PlaceTask>(Message.PLACE_TASK, p -> p, Message.PLACE_TASKS,
            ps -> new PlaceTasks(to, ps.stream().map(PlaceTask::spec).toList()), MAX_CALLS_PER_MESSAGE,
            MAX_CALLS_QUEUED));
        clients.put(id, c);
      }
      return c;
    }
  }

  /** A node of another process, called by messages. */
  private final class Stub implements NodeService {
    private final NodeId id;

    Stub(NodeId id) {
      this.id = id;
    }

    @Override
    public void placeTask(TaskSpec spec) {
      client(id).send(Message.PLACE_TASK, new PlaceTask(id, spec));
    }

    @Override
    public void submitActorTask(TaskSpec spec) {
      WireClient c = client(id); // an unreachable node is the caller's to handle, now
      batches.computeIfAbsent(id, NettyTransport.this::actorCalls).add(spec, c);
    }

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId object) {
      return fetchObject(object, BodySink.NONE);
    }

    /** The body's chunks go into {@code sink}'s memory when it takes them: completes with null then. */
    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId object, BodySink sink) {
      WireClient c;
      try {
        c = client(id);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      FetchObject ask = new FetchObject(id, object);
      return c.<Byte>call(Message.FETCH_META, ask).thenCompose(encoding -> {
        if (encoding == null) {
          return CompletableFuture.failedFuture(new NoSuchElementException("object " + object + " is not on " + id));
        }
        java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
        return c.callInto(Message.FETCH_BODY, ask, length -> {
          BodySink.Body body = sink.open(encoding, length);
          taken.set(body != null);
          return body;
        }).thenApply(bytes -> taken.get() ? null : new SerializedObject(encoding, bytes));
      });
    }

    @Override
    public void pushObject(ObjectId object, SerializedObject value) {
      client(id).send(Message.PUSH_OBJECT, new PushObject(id, object, value));
    }

    @Override
    public void objectMade(ObjectId object, NodeId holder, long sizeBytes) {
      client(id).send(Message.OBJECT_MADE, new ObjectMade(id, object, holder, sizeBytes));
    }

    @Override
    public void killActor(ActorId actor, String reason) {
      client(id).send(Message.KILL_ACTOR, new KillActor(id, actor, reason));
    }

    @Override
    public CompletableFuture<Boolean> runTask(TaskSpec spec) {
      try {
        return client(id).<Boolean>call(Message.RUN_TASK, new RunTask(id, spec));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletableFuture<Boolean> dropActor(ActorId actor) {
      try {
        return client(id).<Boolean>call(Message.DROP_ACTOR, new DropActor(id, actor));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void failTask(TaskSpec spec, TaskError error) {
      client(id).send(Message.FAIL_TASK, new FailTask(id, spec, error));
    }

    @Override
    public void freeObjects(List<ObjectId> ids) {
      client(id).send(Message.FREE_OBJECTS, new FreeObjects(id, List.copyOf(ids)));
    }

    @Override
    public void releaseObjects(List<ObjectId> ids) {
      client(id).send(Message.RELEASE_OBJECTS, new ReleaseObjects(id, List.copyOf(ids)));
    }

    @Override
    public CompletableFuture<Void> addBorrower(NodeId borrower, List<ObjectId> ids) {
      try {
        return client(id).<Object>call(Message.ADD_BORROWER, new Borrow(id, borrower, List.copyOf(ids)))
            .thenApply(v -> null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void removeBorrower(NodeId borrower, List<ObjectId> ids) {
      client(id).send(Message.REMOVE_BORROWER, new Borrow(id, borrower, List.copyOf(ids)));
    }

    @Override
    public CompletableFuture<NodeObjects> listObjects() {
      try {
        return client(id).<NodeObjects>call(Message.LIST_OBJECTS, new ListObjects(id));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void endJob(JobId job, String cause) {
      client(id).send(Message.END_JOB, new EndJobOnNode(id, job, cause));
    }
  }

  /**
   * The actor calls queued for node {@code to}. A batch whose send fails is lost as a one-way
   * message to a lost connection is; the router covers it (a resend to a restarted actor, or the
   * call's row when the actor died).
   */
  private MessageBatch<TaskSpec> actorCalls(NodeId to) {
    return new MessageBatch<>(new MessageBatch.Form<>(Message.SUBMIT_ACTOR_TASK, call -> new ActorCall(to, call),
        Message.SUBMIT_ACTOR_TASKS, calls -> new ActorCalls(to, calls), MAX_CALLS_PER_MESSAGE, MAX_CALLS_QUEUED),
        () -> client(to));
  }

  private NodeService target(Object m) {
    NodeId node = ((ToNode) m).node();
    NodeService s = local.get(node);
    if (s == null) {
      throw new NodeUnreachableException(node);
    }
    return s;
  }

  /** Serves the node messages of {@link Protocol} to the nodes bound here. */
  public void serveOn(WireHandlers handlers) {
    handlers
        .answer(Message.FETCH_META, (from, m) -> target(m).objectEncoding(((FetchObject) m).id()))
        .answer(Message.DROP_ACTOR, (from, m) -> target(m).dropActor(((DropActor) m).actor()))
        .answer(Message.LIST_OBJECTS, (from, m) -> target(m).listObjects())
        .answer(Message.RUN_TASK, (from, m) -> target(m).runTask(((RunTask) m).spec()))
        .answer(Message.FETCH_BODY, (from, m) -> target(m).openObject(((FetchObject) m).id()))
        .take(Message.PLACE_TASK, (from, m) -> target(m).placeTask(((PlaceTask) m).spec()))
        .take(Message.PLACE_TASKS, (from, m) -> {
          NodeService node = target(m);
          ((PlaceTasks) m).specs().forEach(node::placeTask);
        })
        .take(Message.SUBMIT_ACTOR_TASK, (from, m) -> target(m).submitActorTask(((ActorCall) m).call()))
        .take(Message.SUBMIT_ACTOR_TASKS, (from, m) -> target(m).submitActorTasks(((ActorCalls) m).calls()))
        .take(Message.KILL_ACTOR, (from, m) -> {
          KillActor k = (KillActor) m;
          target(m).killActor(k.actor(), k.reason());
        })
        .take(Message.PUSH_OBJECT, (from, m) -> {
          PushObject p = (PushObject) m;
          target(m).pushObject(p.id(), p.object());
        })
        .take(Message.FREE_OBJECTS, (from, m) -> target(m).freeObjects(((FreeObjects) m).ids()))
        .take(Message.RELEASE_OBJECTS, (from, m) -> target(m).releaseObjects(((ReleaseObjects) m).ids()))
        .answer(Message.ADD_BORROWER, (from, m) -> {
          Borrow b = (Borrow) m;
          return target(m).addBorrower(b.borrower(), b.ids());
        })
        .take(Message.REMOVE_BORROWER, (from, m) -> {
          Borrow b = (Borrow) m;
          target(m).removeBorrower(b.borrower(), b.ids());
        })
        .take(Message.END_JOB, (from, m) -> {
          EndJobOnNode e = (EndJobOnNode) m;
          target(m).endJob(e.job(), e.cause());
        })
        .take(Message.OBJECT_MADE, (from, m) -> {
          ObjectMade o = (ObjectMade) m;
          target(m).objectMade(o.id(), o.holder(), o.sizeBytes());
        })
        .take(Message.FAIL_TASK, (from, m) -> {
          FailTask f = (FailTask) m;
          target(m).failTask(f.spec(), f.error());
        });
  }

  @Override
  public void close() {
    local.clear();
    clients.values().forEach(c -> c.connection().close());
    clients.clear();
  }
}
