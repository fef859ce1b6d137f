package org.miniray.gcs.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.miniray.common.DaemonThreads;
import org.miniray.gcs.Subscription;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.Protocol.Notification;
import org.miniray.transport.netty.Protocol.Subscribe;
import org.miniray.transport.netty.WireClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open subscriptions of one {@link RemoteGcs}: each one's listener, told of the head's pushes
 * in the order they arrive, and how to make each again on a new connection, since the head forgets
 * a connection's subscriptions when it drops.
 */
final class RemoteSubscriptions {
  private static final Logger log = LoggerFactory.getLogger(RemoteSubscriptions.class);

  /** An open subscription: how to make it again after a reconnect. */
  private record Open(Message message, Subscribe body) {}

  private final AtomicLong nextSubscription = new AtomicLong();
  private final Map<Long, Consumer<Object>> listeners = new ConcurrentHashMap<>();
  private final Map<Long, Open> open = new ConcurrentHashMap<>();
  // Listeners run here, in the order notifications arrive, never on the connection's I/O thread: a
  // listener that calls the GCS and waits for the answer would otherwise wait for itself.
  private final ExecutorService listenerThread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("gcs-listeners"));
  private volatile boolean closed;

  /** Subscribes with {@code message} to {@code key}'s changes (every node's, for a null key) at {@code head}. */
  @SuppressWarnings("unchecked")
  Subscription open(WireClient head, Message message, Object key, Consumer<?> listener) {
    long id = nextSubscription.incrementAndGet();
    listeners.put(id, (Consumer<Object>) listener);
    Open o = new Open(message, new Subscribe(id, key));
    open.put(id, o);
    register(head, o);
    return () -> {
      open.remove(id);
      if (listeners.remove(id) != null && head.connection().isConnected()) {
        head.send(Message.UNSUBSCRIBE, id);
      }
    };
  }

  /** A push of the head's: its subscription's listener is told, on the listener thread. */
  void notified(Notification n) {
    Consumer<Object> l = listeners.get(n.subscription());
    if (l != null) {
      try {
        listenerThread.execute(() -> deliver(l, n.entry()));
      } catch (RejectedExecutionException closedAlready) {
        // closed: no listener is called again
      }
    }
  }

  /** A new connection to {@code head}: it knows none of our subscriptions; make each again (same id, same listener). */
  void renew(WireClient head) {
    if (!open.isEmpty()) {
      log.info("reconnected to the GCS at {}: renewing {} subscriptions", head.connection().serverAddress(),
          open.size());
    }
    open.values().forEach(o -> register(head, o));
  }

  void close() {
    closed = true;
    listenerThread.shutdown();
    listeners.clear();
    open.clear();
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

  // Not retried (HeadRetries): one that fails because the connection is down stays open here, and
  // is made again when the connection comes back (renew); a retry could outlive its close.
  private static void register(WireClient head, Open o) {
    head.call(o.message(), o.body()).exceptionally(e -> {
      log.warn("subscription {} failed: {}", o.message().describe(), e.toString());
      return null;
    });
  }
}
