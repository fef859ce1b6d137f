package org.miniray.transport.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.miniray.transport.netty.Protocol.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a connection whose peer is gone without a word (a half-open TCP connection: the
 * machine lost power, a cable or a NAT entry went away), which TCP alone may not report for
 * hours. It sits under an {@link io.netty.handler.timeout.IdleStateHandler}: when this side has
 * sent nothing for a third of the idle timeout it sends a PING frame, so a healthy peer always
 * hears something; when nothing at all has arrived for the whole idle timeout, it closes the
 * connection, which fails its pending calls (a client reconnects at its next call). PINGs are
 * taken here and never reach the handler.
 */
final class KeepAliveHandler extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(KeepAliveHandler.class);

  private final Duration idleTimeout;
  private final RpcConnection connection;

  KeepAliveHandler(Duration idleTimeout, RpcConnection connection) {
    this.idleTimeout = idleTimeout;
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Frame f && f.kind() == FrameKind.PING) {
      f.release();
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof IdleStateEvent idle)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (idle.state() == IdleState.READER_IDLE) {
      ProtocolErrors.closeConnection(ctx, log, "nothing received for " + idleTimeout.toMillis()
          + " ms (the idle timeout): the peer is gone or the connection is half-open");
    } else if (idle.state() == IdleState.WRITER_IDLE && connection.isAuthenticated()) {
      ctx.writeAndFlush(Frame.of(FrameKind.PING, 0, 0, new byte[0]));
    }
  }
}
