package org.miniray.gcs.remote;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.miniray.common.DaemonThreads;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.CheckpointTable;
import org.miniray.gcs.FunctionTable;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskTable;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcConnection;
import org.miniray.transport.netty.RpcHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GCS of a cluster, reached from another process: every table method becomes a
 * {@link GcsCall} to the head, and subscriptions receive the head's pushes. Listeners run on
 * the connection's thread and must not block, as the {@link Gcs} contract says.
 *
 * <p>The head forgets a connection's subscriptions when the connection drops. So when the
 * client reconnects (at its next call; a node heartbeats often) every open subscription is made
 * again, under the same id: the head then sends each one's current entry first, as for any new
 * subscription, so a listener learns whatever changed while it was cut off (changes in between
 * are summed up in that entry, which the contract allows: each change at least once, or its
 * result).
 */
public final class RemoteGcs implements Gcs {
  private static final Logger log = LoggerFactory.getLogger(RemoteGcs.class);

  private final WireCodec codec;
  private final RpcClient client;
  private final AtomicLong nextSubscription = new AtomicLong();
  private final Map<Long, Consumer<Object>> listeners = new ConcurrentHashMap<>();
  private final Map<Long, GcsCall> subscriptions = new ConcurrentHashMap<>();
  // Listeners run here, in the order notifications arrive, never on the connection's I/O thread: a
  // listener that calls the GCS and waits for the answer would otherwise wait for itself.
  private final ExecutorService listenerThread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("gcs-listeners"));
  private volatile boolean closed;
  private final ObjectTable objects;
  private final ObjectTable objectsWritingOneWay;
  private final TaskTable tasks;
  private final TaskTable tasksAddingOneWay;
  private final FunctionTable functions;
  private final CheckpointTable checkpoints;
  private final ActorTable actors;
  private final NodeTable nodes;

  private RemoteGcs(WireCodec codec, RpcConfig config, ClusterToken token, InetSocketAddress head) {
    this.codec = codec;
    this.client = RpcClient.connect(config, token, head, new RpcHandler() {
      @Override
      public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("a GCS client serves no requests"));
      }

      @Override
      public void onOneWay(RpcConnection from, int type, byte[] body) {
        if (type == GcsMessages.NOTIFY) {
          GcsNotification n = (GcsNotification) codec.decode(body);
          Consumer<Object> l = listeners.get(n.subscription());
          if (l != null) {
            try {
              listenerThread.execute(() -> deliver(l, n.entry()));
            } catch (RejectedExecutionException closedAlready) {
              // closed: no listener is called again
            }
          }
        }
      }
    });
    client.whenReconnected(this::resubscribe);
    this.objects = proxy(ObjectTable.class);
    this.objectsWritingOneWay = proxy(ObjectTable.class, Set.of("addLocation", "removeLocation"));
    this.tasks = proxy(TaskTable.class);
    this.tasksAddingOneWay = proxy(TaskTable.class, Set.of("add"));
    this.functions = proxy(FunctionTable.class);
    this.checkpoints = proxy(CheckpointTable.class);
    this.actors = proxy(ActorTable.class);
    this.nodes = proxy(NodeTable.class);
  }

  /** Connects to the head at {@code head}, authenticating with {@code token}. */
  public static RemoteGcs connect(WireCodec codec, RpcConfig config, ClusterToken token, InetSocketAddress head) {
    return new RemoteGcs(codec, config, token, head);
  }

  /** The connection to the head, which other head services share. */
  public RpcClient client() {
    return client;
  }

  private <T> T proxy(Class<T> table) {
    return proxy(table, Set.of());
  }

  /** @param oneWay the methods sent as {@link GcsMessages#CALL_ONE_WAY}, whose futures complete once sent */
  private <T> T proxy(Class<T> table, Set<String> oneWay) {
    String name = GcsTables.NAMES.get(table);
    Object p = Proxy.newProxyInstance(table.getClassLoader(), new Class<?>[] {table}, (self, method, args) -> {
      Object[] a = args == null ? new Object[0] : args;
      switch (method.getName()) {
        case "toString":
          return "RemoteGcs." + name;
        case "hashCode":
          return System.identityHashCode(self);
        case "equals":
          return self == a[0];
        default:
          break;
      }
      if (closed) {
        IllegalStateException refused = new IllegalStateException("GCS is closed");
        if (method.getReturnType() == Subscription.class) {
          throw refused;
        }
        return CompletableFuture.failedFuture(refused);
      }
      if (method.getReturnType() == Subscription.class) {
        return subscribe(name, method.getName(), a);
      }
      if (oneWay.contains(method.getName())) {
        try {
          client.send(GcsMessages.CALL_ONE_WAY, codec.encode(new GcsCall(name, method.getName(), a, 0)));
          return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
      return client.call(GcsMessages.CALL, codec.encode(new GcsCall(name, method.getName(), a, 0)))
          .handle((bytes, error) -> {
            if (error != null) {
              throw new CompletionException(RemoteErrors.unwrap(error));
            }
            return codec.decode(bytes);
          });
    });
    return table.cast(p);
  }

  private void deliver(Consumer<Object> listener, Object entry) {
    if (closed) {
      return;
    }
    try {
      listener.accept(entry);
    } catch (RuntimeException e) {
      log.warn("a GCS listener failed on {}", entry, e);
    }
  }

  @SuppressWarnings("unchecked")
  private Subscription subscribe(String table, String method, Object[] args) {
    long id = nextSubscription.incrementAndGet();
    listeners.put(id, (Consumer<Object>) args[args.length - 1]);
    GcsCall call = new GcsCall(table, method, Arrays.copyOf(args, args.length - 1), id);
    subscriptions.put(id, call);
    register(call);
    return () -> {
      subscriptions.remove(id);
      if (listeners.remove(id) != null && client.isConnected()) {
        client.send(GcsMessages.UNSUBSCRIBE, codec.encode(id));
      }
    };
  }

  private void register(GcsCall call) {
    client.call(GcsMessages.SUBSCRIBE, codec.encode(call))
        .exceptionally(e -> {
          log.warn("subscription {}.{} failed: {}", call.table(), call.method(), e.toString());
          return null;
        });
  }

  /** A new connection: the head knows none of our subscriptions; make each again (same id, same listener). */
  private void resubscribe() {
    if (!subscriptions.isEmpty()) {
      log.info("reconnected to the GCS at {}: renewing {} subscriptions", client.serverAddress(), subscriptions.size());
    }
    subscriptions.values().forEach(this::register);
  }

  /**
   * The object table for writers that never read a write's result, such as a node's object
   * manager: {@code addLocation} and {@code removeLocation} are sent one-way, and their futures
   * complete once sent, not once applied (the head logs a failure). They travel on the same
   * connection as every other call, so the head applies them in the order made, before any later
   * call of this client; the head sends no reply, and this client keeps no pending call for them.
   */
  public ObjectTable objectTableWritingOneWay() {
    return objectsWritingOneWay;
  }

  /**
   * The task table for a submitter that never reads an {@code add}'s result (the runtime adding
   * each task it submits): {@code add} is sent one-way, as {@link #objectTableWritingOneWay}
   * sends location writes, so it is applied before any later call or message of this client on
   * the same connection (the task's submission among them), with no reply and no pending call.
   * Every other method is an ordinary call.
   */
  public TaskTable taskTableAddingOneWay() {
    return tasksAddingOneWay;
  }

  @Override
  public ObjectTable objectTable() {
    return objects;
  }

  @Override
  public TaskTable taskTable() {
    return tasks;
  }

  @Override
  public FunctionTable functionTable() {
    return functions;
  }

  @Override
  public CheckpointTable checkpointTable() {
    return checkpoints;
  }

  @Override
  public ActorTable actorTable() {
    return actors;
  }

  @Override
  public NodeTable nodeTable() {
    return nodes;
  }

  @Override
  public void close() {
    closed = true;
    listenerThread.shutdown();
    listeners.clear();
    subscriptions.clear();
    client.close();
  }
}
