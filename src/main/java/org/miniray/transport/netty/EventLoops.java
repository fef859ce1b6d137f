package org.miniray.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;

/**
 * The threads of servers and clients: few (a node has few cores), daemon, and never blocked.
 *
 * <p>On Linux they wait on epoll through Netty's native transport, which wakes a thread for a
 * message sooner and with fewer system calls than Java's NIO selector; elsewhere, or with the
 * system property {@code miniray.rpc.io=nio}, they use NIO. Both ends of a connection need not
 * agree: the wire is the same.
 */
final class EventLoops {
  /** The system property that picks the I/O mechanism: {@code epoll} (the default where available) or {@code nio}. */
  static final String IO_PROPERTY = "miniray.rpc.io";
  private static final boolean EPOLL = useEpoll(System.getProperty(IO_PROPERTY, "epoll"));

  private EventLoops() {}

  private static boolean useEpoll(String choice) {
    return switch (choice) {
      case "epoll" -> Epoll.isAvailable();
      case "nio" -> false;
      default -> throw new IllegalArgumentException(
          "system property " + IO_PROPERTY + " must be epoll or nio, not '" + choice + "'");
    };
  }

  /** What the event loops wait on: {@code epoll} or {@code nio}. */
  static String io() {
    return EPOLL ? "epoll" : "nio";
  }

  static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends SocketChannel> clientChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /**
   * Daemon threads, so a forgotten client never keeps a JVM alive. Their context class loader is
   * miniray's: they are started lazily, perhaps by a worker running a job's task, and must not
   * inherit that job's class loader (which may block on the GCS to find a class).
   */
  static EventLoopGroup create(String name, int threads) {
    DefaultThreadFactory factory = new DefaultThreadFactory(name, true) {
      @Override
      protected Thread newThread(Runnable r, String threadName) {
        Thread t = super.newThread(r, threadName);
        t.setContextClassLoader(EventLoops.class.getClassLoader());
        return t;
      }
    };
    IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, factory, io);
  }

  static WriteBufferWaterMark waterMark(RpcConfig config) {
    return new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
  }

  /**
   * Whether the calling thread is a Netty thread (ours or any other library's event loop), which
   * must never block.
   */
  static boolean onEventLoopThread() {
    return Thread.currentThread() instanceof FastThreadLocalThread;
  }

  static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
