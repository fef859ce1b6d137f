package org.miniray.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;

/** The threads of servers and clients: few (a node has few cores), daemon, and never blocked. */
final class EventLoops {
  private EventLoops() {}

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
    return new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
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
