package org.miniray.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top of the pipeline: hands requests and one-way messages to the {@link RpcHandler} and
 * responses to the calls waiting for them. Whatever the handler throws is contained here, so a
 * faulty handler costs one error response, never the connection.
 */
final class RpcDispatchHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RpcDispatchHandler.class);

  private final RpcHandler handler;
  private final RpcConnection connection;

  RpcDispatchHandler(RpcHandler handler, RpcConnection connection) {
    this.handler = handler;
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    switch (frame.kind()) {
      case REQUEST -> connection.respond(frame.requestId(), frame.type(), request(frame.type(), frame.takeBody()));
      case ONE_WAY -> oneWay(frame.type(), frame.takeBody());
      case RESPONSE, ERROR_RESPONSE -> connection.complete(frame);
      default -> {
        frame.release();
        ProtocolErrors.closeConnection(ctx, log, "sent a " + frame.kind() + " frame after the handshake");
      }
    }
  }

  private CompletableFuture<?> request(int type, byte[] body) {
    try {
      CompletableFuture<?> result = handler.onRequest(connection, type, body);
      return result != null ? result
          : CompletableFuture.failedFuture(new NullPointerException("handler returned no future for type " + type));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void oneWay(int type, byte[] body) {
    try {
      handler.onOneWay(connection, type, body);
    } catch (Exception e) {
      log.warn("handler failed on a one-way message of type {} from {}", type, connection.remoteAddress(), e);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.closed();
    if (connection.isAuthenticated()) {
      try {
        handler.onDisconnect(connection);
      } catch (Exception e) {
        log.warn("handler failed on the disconnect of {}", connection, e);
      }
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn("closing connection with {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
