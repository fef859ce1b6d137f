package org.miniray.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's connection to an {@link RpcServer}: calls correlated by request id, one-way
 * messages, and pushes from the server delivered to a handler.
 *
 * <p>If the connection drops, its pending calls fail at once ("connection to X lost") and the next
 * call or send reconnects, trying {@code reconnectAttempts} times with a doubling backoff before it
 * fails. Connecting blocks, so on a Netty event-loop thread a call on a dropped connection fails
 * instead of reconnecting. After a reconnection the {@link #whenReconnected} hook runs, before the
 * call that reconnected goes out: the server knows nothing of the old connection's state. Calls
 * and sends block while the connection is backed up; see {@link RpcConnection}.
 *
 * <p>A client may be given several servers that stand in for one another (an active head and its
 * standbys, of which only the active one listens): each connection attempt tries the server it
 * was connected to first, then the others in order, and stays with the first that answers.
 */
public final class RpcClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

  private final RpcConfig config;
  private final List<InetSocketAddress> servers;
  private volatile int current; // index in servers of the one connected to, or tried last
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Object reconnecting = new Object();
  private volatile RpcConnection connection;
  private volatile boolean closed;
  private volatile Runnable onReconnect = () -> { };

  private RpcClient(RpcConfig config, ClusterToken token, List<InetSocketAddress> servers, RpcHandler pushHandler) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one server address");
    }
    this.config = config;
    this.servers = List.copyOf(servers);
    this.group = EventLoops.create("miniray-rpc-client", 1); // one connection needs one thread
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(EventLoops.clientChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, EventLoops.waterMark(config))
        .handler(RpcChannelInitializer.forClient(config, token, pushHandler));
  }

  /**
   * Connects to {@code server} and authenticates, blocking until both are done.
   *
   * @param pushHandler receives the server's pushes ({@link RpcHandler#none()} if there are none)
   * @throws RpcException if the server cannot be reached or the handshake fails (for instance
   *     "the cluster at X refused this node's cluster token")
   */
  public static RpcClient connect(RpcConfig config, ClusterToken token, InetSocketAddress server,
      RpcHandler pushHandler) {
    return connect(config, token, List.of(server), pushHandler);
  }

  /**
   * Connects to the first of {@code servers} that answers, as {@link #connect(RpcConfig,
   * ClusterToken, InetSocketAddress, RpcHandler)} does to one; a failure names every server tried.
   */
  public static RpcClient connect(RpcConfig config, ClusterToken token, List<InetSocketAddress> servers,
      RpcHandler pushHandler) {
    RpcClient client = new RpcClient(config, token, servers, pushHandler);
    try {
      client.connection = client.open();
      return client;
    } catch (RuntimeException e) {
      EventLoops.shutdown(client.group);
      throw e;
    }
  }

  /** Calls with the configured request timeout. */
  public CompletableFuture<byte[]> call(int type, byte[] body) {
    return call(type, body, config.requestTimeout());
  }

  /**
   * Sends a request of {@code type}; the future completes with the response body, or fails with an
   * {@link RpcException}: the remote handler failed, no response came within {@code timeout} (the
   * cause is a {@link TimeoutException}), or the connection was lost.
   */
  public CompletableFuture<byte[]> call(int type, byte[] body, Duration timeout) {
    try {
      return connection().call(type, body, timeout);
    } catch (RpcException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * As {@link #call(int, byte[])}, receiving a chunked response into the body that {@code receiver}
   * gives for its length, if it gives one (see {@link org.miniray.transport.BodySink}): the future
   * then completes with an empty array.
   */
  public CompletableFuture<byte[]> call(int type, byte[] body,
      java.util.function.IntFunction<org.miniray.transport.BodySink.Body> receiver) {
    try {
      return connection().call(type, body, config.requestTimeout(), receiver);
    } catch (RpcException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Sends a one-way message.
   *
   * @throws RpcException if the server cannot be reached, or the connection stays backed up for
   *     the request timeout
   */
  public void send(int type, byte[] body) {
    connection().send(type, body);
  }

  /** Runs {@code task} on this client's event loop thread (where sends do not block). */
  public void execute(Runnable task) {
    group.execute(task);
  }

  /**
   * Runs {@code hook} on the reconnecting thread each time a dropped connection is replaced by a
   * new one (not on the first connect), before the call that reconnected is sent. It may call
   * and send on this client; it must not wait for answers.
   */
  public void whenReconnected(Runnable hook) {
    this.onReconnect = hook;
  }

  /** The server connected to, or the one tried last while none answers. */
  public InetSocketAddress serverAddress() {
    return servers.get(current);
  }

  /** Every server this client may connect to, in the order given. */
  public List<InetSocketAddress> serverAddresses() {
    return servers;
  }

  /**
   * Reconnects now if the connection is down (blocking; not on an event-loop thread): for a
   * client whose calls may all come from event loops, which must not wait to reconnect.
   *
   * @throws RpcException if it cannot reconnect
   */
  public void reconnectIfDown() {
    if (!isConnected()) {
      connection();
    }
  }

  /** Whether the connection is up now (a call would reconnect if not). */
  public boolean isConnected() {
    RpcConnection c = connection;
    return c != null && c.isOpen();
  }

  /** Whether {@link #close} was called: nothing sent on this client will go out again. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes the connection and its thread; pending calls fail. */
  @Override
  public void close() {
    closed = true;
    RpcConnection c = connection;
    if (c != null) {
      c.close();
    }
    EventLoops.shutdown(group);
  }

  /** Bytes handed to Netty but not yet written to the socket; for tests of back-pressure. */
  long unsentBytes() {
    RpcConnection c = connection;
    return c == null ? 0 : c.unsentBytes();
  }

  private RpcConnection connection() {
    RpcConnection c = connection;
    if (c != null && c.isOpen()) {
      return c;
    }
    if (closed) {
      throw new RpcException("client of " + serverAddress() + " is closed");
    }
    if (EventLoops.onEventLoopThread()) {
      throw new RpcException("connection to " + serverAddress() + " is down, and an event-loop thread must not wait to reconnect");
    }
    synchronized (reconnecting) {
      c = connection;
      if (c != null && c.isOpen()) {
        return c;
      }
      RpcException last = null;
      long pause = config.reconnectBackoff().toMillis();
      for (int attempt = 1; attempt <= config.reconnectAttempts(); attempt++) {
        if (attempt > 1) {
          pause(pause);
          pause *= 2;
        }
        try {
          InetSocketAddress before = serverAddress();
          connection = open();
          if (before.equals(serverAddress())) {
            log.info("reconnected to {} (attempt {})", serverAddress(), attempt);
          } else {
            log.info("reconnected to {} instead of {} (attempt {})", serverAddress(), before, attempt);
          }
          try {
            onReconnect.run();
          } catch (RuntimeException e) {
            log.warn("after reconnecting to {}: {}", serverAddress(), e.toString());
          }
          return connection;
        } catch (RpcException e) {
          last = e;
        }
      }
      throw new RpcException("cannot reach " + (servers.size() == 1 ? serverAddress() : "any of " + servers)
          + " after " + config.reconnectAttempts() + " attempts: " + last.getMessage(), last);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("interrupted while reconnecting", e);
    }
  }

  /**
   * Connects and authenticates one new connection: to the server of the last connection, else to
   * the next of the others that answers.
   */
  private RpcConnection open() {
    if (servers.size() == 1) {
      return open(servers.get(0));
    }
    List<String> failures = new ArrayList<>();
    int first = current;
    for (int i = 0; i < servers.size(); i++) {
      int at = (first + i) % servers.size();
      try {
        RpcConnection c = open(servers.get(at));
        current = at;
        return c;
      } catch (RpcException e) {
        failures.add(e.getMessage());
      }
    }
    throw new RpcException("none of " + servers + " answers: " + String.join("; ", failures));
  }

  private RpcConnection open(InetSocketAddress server) {
    ChannelFuture connected = bootstrap.connect(server);
    // Netty enforces the connect timeout itself; the extra second only bounds this wait.
    if (!connected.awaitUninterruptibly(config.connectTimeout().toMillis() + 1000)) {
      connected.cancel(false);
      throw new RpcException("cannot connect to " + server + " within " + config.connectTimeout().toMillis() + " ms");
    }
    if (!connected.isSuccess()) {
      throw new RpcException("cannot connect to " + server + ": " + connected.cause().getMessage(), connected.cause());
    }
    RpcConnection c = connected.channel().attr(RpcChannelInitializer.CONNECTION).get();
    try {
      // The handshake handler enforces the timeout itself; the extra second only bounds this wait.
      c.handshake().get(config.handshakeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      return c;
    } catch (ExecutionException e) {
      c.close();
      throw e.getCause() instanceof RpcException r ? r : new RpcException("handshake with " + server + " failed", e.getCause());
    } catch (TimeoutException e) {
      c.close();
      throw new RpcException("handshake with " + server + " did not finish", e);
    } catch (InterruptedException e) {
      c.close();
      Thread.currentThread().interrupt();
      throw new RpcException("interrupted while connecting to " + server, e);
    }
  }
}
