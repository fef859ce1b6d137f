package org.miniray.dashboard;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.miniray.transport.netty.ClusterToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's web dashboard: an HTTP/1.1 server on Netty serving one page and its JSON API, to
 * holders of the cluster token only. Start it with {@link #start}; {@link #url()} is what to open.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  /** Ray's dashboard port, so the habit carries over. */
  public static final int DEFAULT_PORT = 8265;
  /** Largest request accepted (the page sends only GETs). */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final EventLoopGroup io;
  private final ExecutorService work;
  private final Channel listener;

  private Dashboard(EventLoopGroup io, ExecutorService work, Channel listener) {
    this.io = io;
    this.work = work;
    this.listener = listener;
  }

  /**
   * Serves the dashboard of {@code view} on {@code host:port} (port 0: any free port).
   *
   * @throws IllegalStateException naming the address if it cannot be bound (say, the port is taken)
   */
  public static Dashboard start(String host, int port, ClusterToken token, ClusterView view) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the dashboard port is 0 (any free port) to 65535, got " + port);
    }
    Auth auth = new Auth(token);
    Api api = new Api(view);
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("miniray-dashboard-io", true),
        NioIoHandler.newFactory());
    // Reading the cluster blocks (the GCS, every node's events): it happens here, off the event loop.
    ExecutorService work = Executors.newSingleThreadExecutor(new DefaultThreadFactory("miniray-dashboard", true));
    ServerBootstrap bootstrap = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast(new HttpServerCodec());                          // bytes <-> HTTP messages
            p.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));     // one FullHttpRequest per request
            p.addLast(new DashboardHandler(auth, api, work));           // token check, then the page or the API
          }
        });
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutdown(io, work);
      throw new IllegalStateException("cannot serve the dashboard on " + host + ":" + port + ": "
          + bound.cause().getMessage(), bound.cause());
    }
    Dashboard d = new Dashboard(io, work, bound.channel());
    log.info("dashboard at {}", d.url());
    return d;
  }

  /** The bound address, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** What to open in a browser (the token is asked for there, or given as {@code ?token=}). */
  public String url() {
    InetSocketAddress a = address();
    return "http://" + a.getHostString() + ":" + a.getPort() + "/";
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    shutdown(io, work);
  }

  private static void shutdown(EventLoopGroup io, ExecutorService work) {
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    work.shutdownNow();
  }
}
