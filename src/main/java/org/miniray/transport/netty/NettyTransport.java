package org.miniray.transport.netty;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.NodeService;
import org.miniray.transport.NodeUnreachableException;
import org.miniray.transport.Transport;
import org.miniray.transport.netty.NodeMessages.ActorCalls;
import org.miniray.transport.netty.NodeMessages.FailTask;
import org.miniray.transport.netty.NodeMessages.FreeObjects;
import org.miniray.transport.netty.NodeMessages.KillActor;
import org.miniray.transport.netty.NodeMessages.ObjectMade;
import org.miniray.transport.netty.NodeMessages.PushObject;
import org.miniray.transport.netty.NodeMessages.ToNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes in other processes, reached over the cluster's authenticated RPC. Nodes bound in this
 * process are called directly; others get a stub that turns each {@link NodeService} call into a
 * message to the address the node table gives. Incoming node messages reach
 * {@link #onRequest}/{@link #onOneWay} from the process's server.
 *
 * <p>An object is pulled in two calls: its encoding first, then its bytes, which the RPC layer
 * streams in chunks straight out of the holder's store and into one array here, so a large
 * object is never held twice on either side.
 *
 * <p>Actor calls to a node are queued and sent by the connection's event loop thread
 * ({@link CallBatch}): the calls made while the previous message was being sent go out as one
 * {@link NodeMessages#SUBMIT_ACTOR_TASKS} message, so a burst of calls costs one encoding and one
 * frame per batch rather than per call, and the caller does not encode them.
 */
public final class NettyTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);
  /** Most actor calls in one message. */
  static final int MAX_CALLS_PER_MESSAGE = 512;
  /** Actor calls queued for one node beyond which the caller sends them itself (and so waits while the connection is backed up). */
  static final int MAX_CALLS_QUEUED = 8_192;
  private final WireCodec codec;
  private final RpcConfig config;
  private final ClusterToken token;
  private final Function<NodeId, InetSocketAddress> addresses;
  private final ConcurrentHashMap<NodeId, NodeService> local = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeId, RpcClient> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeId, CallBatch> batches = new ConcurrentHashMap<>();

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

  private RpcClient client(NodeId id) {
    RpcClient c = clients.get(id);
    if (c != null && c.isConnected()) {
      return c;
    }
    InetSocketAddress where = addresses.apply(id);
    if (where == null) {
      throw new NodeUnreachableException(id);
    }
    synchronized (clients) {
      c = clients.get(id);
      if (c == null || !c.isConnected()) {
        if (c != null) {
          c.close();
        }
        c = RpcClient.connect(config, token, where, RpcHandler.none());
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

    private void send(int type, Object payload) {
      client(id).send(type, codec.encode(new ToNode(id, payload)));
    }

    @Override
    public void placeTask(TaskSpec spec) {
      send(NodeMessages.PLACE_TASK, spec);
    }

    @Override
    public void submitActorTask(TaskSpec spec) {
      RpcClient c = client(id); // an unreachable node is the caller's to handle, now
      batches.computeIfAbsent(id, CallBatch::new).add(spec, c);
    }

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId object) {
      RpcClient c;
      try {
        c = client(id);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      byte[] ask = codec.encode(new ToNode(id, object));
      return c.call(NodeMessages.FETCH_META, ask).thenCompose(meta -> {
        Byte encoding = (Byte) codec.decode(meta);
        if (encoding == null) {
          return CompletableFuture.failedFuture(new NoSuchElementException("object " + object + " is not on " + id));
        }
        return c.call(NodeMessages.FETCH_BODY, ask).thenApply(bytes -> new SerializedObject(encoding, bytes));
      });
    }

    @Override
    public void pushObject(ObjectId object, SerializedObject value) {
      send(NodeMessages.PUSH_OBJECT, new PushObject(object, value));
    }

    @Override
    public void objectMade(ObjectId object, NodeId holder, long sizeBytes) {
      send(NodeMessages.OBJECT_MADE, new ObjectMade(object, holder, sizeBytes));
    }

    @Override
    public void killActor(ActorId actor, String reason) {
      send(NodeMessages.KILL_ACTOR, new KillActor(actor, reason));
    }

    @Override
    public void failTask(TaskSpec spec, TaskError error) {
      send(NodeMessages.FAIL_TASK, new FailTask(spec, error));
    }

    @Override
    public void freeObjects(List<ObjectId> ids) {
      send(NodeMessages.FREE_OBJECTS, new FreeObjects(List.copyOf(ids)));
    }
  }

  /**
   * The actor calls queued for one node, in the order made. The first call queued while none is
   * being sent has the connection's event loop send the queue: one message of up to
   * {@value #MAX_CALLS_PER_MESSAGE} calls each, so the calls made meanwhile go out together. A
   * caller that finds {@value #MAX_CALLS_QUEUED} calls queued sends them itself, waiting as a
   * one-way send does while the connection is backed up. A batch whose send fails is lost as a
   * one-way message to a lost connection is; the router covers it (a resend to a restarted actor,
   * or the call's row when the actor died).
   */
  private final class CallBatch {
    private final NodeId to;
    private final ConcurrentLinkedQueue<TaskSpec> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock sending = new ReentrantLock();

    CallBatch(NodeId to) {
      this.to = to;
    }

    void add(TaskSpec call, RpcClient c) {
      queue.add(call);
      if (queued.incrementAndGet() > MAX_CALLS_QUEUED) {
        sending.lock();
        try {
          sendQueued(c);
        } finally {
          sending.unlock();
        }
      }
      if (scheduled.compareAndSet(false, true)) {
        c.execute(this::sendOnLoop);
      }
    }

    private void sendOnLoop() {
      scheduled.set(false); // from here on a new call schedules another run, so none is stranded
      if (!sending.tryLock()) {
        return; // a caller is sending; it schedules a run after it, for calls it left
      }
      try {
        sendQueued(client(to));
      } catch (RuntimeException e) {
        log.debug("sending actor calls to {} failed: {}", to, e.toString());
      } finally {
        sending.unlock();
      }
    }

    /** Holding {@link #sending}. */
    private void sendQueued(RpcClient c) {
      while (true) {
        TaskSpec first = queue.poll();
        if (first == null) {
          return;
        }
        TaskSpec second = queue.poll();
        if (second == null) {
          queued.decrementAndGet();
          c.send(NodeMessages.SUBMIT_ACTOR_TASK, codec.encode(new ToNode(to, first)));
          continue;
        }
        List<TaskSpec> calls = new ArrayList<>();
        calls.add(first);
        calls.add(second);
        TaskSpec next;
        while (calls.size() < MAX_CALLS_PER_MESSAGE && (next = queue.poll()) != null) {
          calls.add(next);
        }
        queued.addAndGet(-calls.size());
        c.send(NodeMessages.SUBMIT_ACTOR_TASKS, codec.encode(new ToNode(to, new ActorCalls(calls))));
      }
    }
  }

  private NodeService target(ToNode m) {
    NodeService s = local.get(m.node());
    if (s == null) {
      throw new NodeUnreachableException(m.node());
    }
    return s;
  }

  /** A request for a node of this process. */
  public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
    ToNode m = (ToNode) codec.decode(body);
    ObjectId object = (ObjectId) m.payload();
    return switch (type) {
      case NodeMessages.FETCH_META -> target(m).objectEncoding(object).thenApply(codec::encode);
      case NodeMessages.FETCH_BODY -> target(m).fetchObject(object).thenApply(SerializedObject::bytes);
      default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown node request type " + type));
    };
  }

  /** A one-way message for a node of this process. */
  public void onOneWay(RpcConnection from, int type, byte[] body) {
    ToNode m = (ToNode) codec.decode(body);
    NodeService s = target(m);
    switch (type) {
      case NodeMessages.PLACE_TASK -> s.placeTask((TaskSpec) m.payload());
      case NodeMessages.SUBMIT_ACTOR_TASK -> s.submitActorTask((TaskSpec) m.payload());
      case NodeMessages.SUBMIT_ACTOR_TASKS -> s.submitActorTasks(((ActorCalls) m.payload()).calls());
      case NodeMessages.KILL_ACTOR -> {
        KillActor k = (KillActor) m.payload();
        s.killActor(k.actor(), k.reason());
      }
      case NodeMessages.PUSH_OBJECT -> {
        PushObject p = (PushObject) m.payload();
        s.pushObject(p.id(), p.object());
      }
      case NodeMessages.FREE_OBJECTS -> s.freeObjects(((FreeObjects) m.payload()).ids());
      case NodeMessages.OBJECT_MADE -> {
        ObjectMade o = (ObjectMade) m.payload();
        s.objectMade(o.id(), o.holder(), o.sizeBytes());
      }
      case NodeMessages.FAIL_TASK -> {
        FailTask f = (FailTask) m.payload();
        s.failTask(f.spec(), f.error());
      }
      default -> throw new IllegalArgumentException("unknown node message type " + type);
    }
  }

  @Override
  public void close() {
    local.clear();
    clients.values().forEach(RpcClient::close);
    clients.clear();
  }
}
