package org.miniray.transport.netty;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.miniray.transport.netty.NodeMessages.FailTask;
import org.miniray.transport.netty.NodeMessages.FreeObjects;
import org.miniray.transport.netty.NodeMessages.KillActor;
import org.miniray.transport.netty.NodeMessages.ObjectMade;
import org.miniray.transport.netty.NodeMessages.PushObject;
import org.miniray.transport.netty.NodeMessages.ToNode;

/**
 * Nodes in other processes, reached over the cluster's authenticated RPC. Nodes bound in this
 * process are called directly; others get a stub that turns each {@link NodeService} call into a
 * message to the address the node table gives. Incoming node messages reach
 * {@link #onRequest}/{@link #onOneWay} from the process's server.
 *
 * <p>An object is pulled in two calls: its encoding first, then its bytes, which the RPC layer
 * streams in chunks straight out of the holder's store and into one array here, so a large
 * object is never held twice on either side.
 */
public final class NettyTransport implements Transport {
  private final WireCodec codec;
  private final RpcConfig config;
  private final ClusterToken token;
  private final Function<NodeId, InetSocketAddress> addresses;
  private final ConcurrentHashMap<NodeId, NodeService> local = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeId, RpcClient> clients = new ConcurrentHashMap<>();

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
      send(NodeMessages.SUBMIT_ACTOR_TASK, spec);
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
