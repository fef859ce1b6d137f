package org.miniray.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What both halves of the handshake share ({@link ServerHandshakeHandler}, {@link ClientHandshakeHandler}):
 * a deadline from the moment the connection is up, one outcome in {@code done}, and leaving the
 * pipeline on success. Every path ends the same way: the timer cancelled and {@code done}
 * completed once; a failure closes the connection with its reason logged.
 */
abstract class HandshakeHandler extends ChannelInboundHandlerAdapter {
  protected final ClusterToken token;
  protected final Duration timeout;
  protected final CompletableFuture<Void> done;
  private final Logger log;
  private ScheduledFuture<?> timer;

  HandshakeHandler(ClusterToken token, Duration timeout, CompletableFuture<Void> done, Logger log) {
    this.token = token;
    this.timeout = timeout;
    this.done = done;
    this.log = log;
  }

  /** Why the handshake failed when the peer has said nothing within the timeout. */
  protected abstract String timedOut(ChannelHandlerContext ctx);

  /** Why the handshake failed when the connection closed before it finished. */
  protected abstract String closedEarly(ChannelHandlerContext ctx);

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> fail(ctx, timedOut(ctx)), timeout.toNanos(), TimeUnit.NANOSECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    done.completeExceptionally(new RpcException(closedEarly(ctx)));
    ctx.fireChannelInactive();
  }

  /** The handshake is over: frames flow past this handler to the RPC layer from now on. */
  protected final void succeed(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.pipeline().remove(this);
    done.complete(null);
  }

  protected final void fail(ChannelHandlerContext ctx, String reason) {
    cancelTimer();
    done.completeExceptionally(new RpcException(reason));
    ProtocolErrors.closeConnection(ctx, log, reason);
  }

  protected final void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
