package org.miniray.gcs.remote;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.Subscription;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.RpcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Gcs} to other processes: runs each {@link GcsCall} on the named table and
 * replies with its result; keeps each connection's subscriptions and pushes their changes to
 * it; closes them when the connection goes.
 */
public final class GcsService {
  private static final Logger log = LoggerFactory.getLogger(GcsService.class);

  private final Gcs gcs;
  private final WireCodec codec;
  private final Map<RpcConnection, Map<Long, Subscription>> subscriptions = new ConcurrentHashMap<>();
  /** Table methods by "table.method/arity": Class.getMethods copies every Method, too slow for each call. */
  private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();

  public GcsService(Gcs gcs, WireCodec codec) {
    this.gcs = gcs;
    this.codec = codec;
  }

  public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
    GcsCall call;
    try {
      call = (GcsCall) codec.decode(body);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a GCS call: " + e.getMessage(), e));
    }
    try {
      if (type == GcsMessages.SUBSCRIBE) {
        subscribe(from, call);
        return CompletableFuture.completedFuture(codec.encode(null));
      }
      return invoke(call).thenApply(codec::encode);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Runs {@code call} on its table. */
  private CompletableFuture<?> invoke(GcsCall call) {
    try {
      Object table = GcsTables.table(gcs, call.table());
      Method m = method(call.table(), call.method(), call.args().length);
      return (CompletableFuture<?>) m.invoke(table, call.args());
    } catch (InvocationTargetException e) {
      return CompletableFuture.failedFuture(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void subscribe(RpcConnection from, GcsCall call) throws ReflectiveOperationException {
    Object table = GcsTables.table(gcs, call.table());
    Method m = method(call.table(), call.method(), call.args().length + 1);
    long id = call.subscription();
    Consumer<Object> push = entry -> {
      if (from.isOpen()) {
        from.send(GcsMessages.NOTIFY, codec.encode(new GcsNotification(id, entry)));
      }
    };
    Object[] args = new Object[call.args().length + 1];
    System.arraycopy(call.args(), 0, args, 0, call.args().length);
    args[args.length - 1] = push;
    try {
      Subscription s = (Subscription) m.invoke(table, args);
      // A client renewing its subscriptions after a reconnect may race with a new one of the same id.
      Subscription before = subscriptions.computeIfAbsent(from, c -> new ConcurrentHashMap<>()).put(id, s);
      if (before != null) {
        before.close();
      }
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cannot subscribe: " + e.getCause(), e.getCause());
    }
  }

  public void onOneWay(RpcConnection from, int type, byte[] body) {
    if (type == GcsMessages.CALL_ONE_WAY) {
      GcsCall call;
      try {
        call = (GcsCall) codec.decode(body);
      } catch (RuntimeException e) {
        log.warn("a one-way message from {} is not a GCS call: {}", from, e.toString());
        return;
      }
      invoke(call).exceptionally(t -> {
        log.warn("one-way GCS call {}.{} from {} failed: {}", call.table(), call.method(), from, t.toString());
        return null;
      });
    } else if (type == GcsMessages.UNSUBSCRIBE) {
      Long id = (Long) codec.decode(body);
      Map<Long, Subscription> mine = subscriptions.get(from);
      Subscription s = mine == null ? null : mine.remove(id);
      if (s != null) {
        s.close();
      }
    } else {
      log.warn("unexpected one-way GCS message {} from {}", type, from);
    }
  }

  public void onDisconnect(RpcConnection c) {
    Map<Long, Subscription> mine = subscriptions.remove(c);
    if (mine != null) {
      mine.values().forEach(Subscription::close);
    }
  }

  private static Method method(String table, String name, int arity) {
    Method known = METHODS.get(table + '.' + name + '/' + arity);
    return known != null ? known : lookUp(table, name, arity);
  }

  private static Method lookUp(String table, String name, int arity) {
    for (Method m : GcsTables.type(table).getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        METHODS.put(table + '.' + name + '/' + arity, m);
        return m;
      }
    }
    throw new IllegalArgumentException("GCS table '" + table + "' has no method " + name + " taking " + arity
        + " arguments");
  }
}
