package org.miniray.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;

/** How every handler reacts to a peer breaking the protocol: one WARN line naming the peer and why, then close. */
final class ProtocolErrors {
  private ProtocolErrors() {}

  static void closeConnection(ChannelHandlerContext ctx, Logger log, String reason) {
    log.warn("closing connection with {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.close();
  }
}
