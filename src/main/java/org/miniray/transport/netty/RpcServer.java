package org.miniray.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections from processes holding the cluster token and hands their messages to one
 * {@link RpcHandler}. Every connection authenticates before its first message is read.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  private final EventLoopGroup group;
  private final Channel listener;
  private final ChannelGroup connections;

  private RpcServer(EventLoopGroup group, Channel listener, ChannelGroup connections) {
    this.group = group;
    this.listener = listener;
    this.connections = connections;
  }

  /**
   * Binds {@code config.host():config.port()} and starts serving.
   *
   * @throws RpcException if the address cannot be bound
   */
  /** Reads of one connection per turn of its event loop (Netty's default is 16). */
  static final int READS_PER_TURN = 1;

  public static RpcServer start(RpcConfig config, ClusterToken token, RpcHandler handler) {
    EventLoopGroup group = EventLoops.create("miniray-rpc-server", config.ioThreads());
    ChannelGroup connections = new DefaultChannelGroup("rpc-server", ImmediateEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(EventLoops.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true) // a restarted server can take its old port back at once
        .childOption(ChannelOption.TCP_NODELAY, true)
        // One read per connection per turn of the event loop, not sixteen: a connection with a
        // backlog of thousands of frames (a driver's burst of submits) then holds the loop for one
        // read, and every other connection (a process's heartbeats on its own) is read in between.
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(READS_PER_TURN))
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, EventLoops.waterMark(config))
        .childHandler(RpcChannelInitializer.forServer(config, token, handler, connections));
    ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      EventLoops.shutdown(group);
      throw new RpcException("cannot serve on " + config.host() + ":" + config.port() + ": " + bound.cause(), bound.cause());
    }
    RpcServer server = new RpcServer(group, bound.channel(), connections);
    log.info("serving RPC on {} ({})", server.localAddress(), EventLoops.io());
    return server;
  }

  /** The bound address, with the real port when the config asked for port 0. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** Stops listening, closes every connection and its threads. */
  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    // Closed here, not left to the event loop's shutdown, so clients see the close at once.
    connections.close().awaitUninterruptibly();
    EventLoops.shutdown(group);
  }
}
