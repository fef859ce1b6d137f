package org.miniray.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a server's connection when the cluster speaks TLS: it looks at the first
 * record header and lets the connection through to TLS if it is one, or closes it with a log line
 * naming the peer and saying why (a process with the token but without the cluster's authority,
 * or a program that is not miniray), where TLS itself would log only "not an SSL/TLS record".
 */
final class TlsRequired extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(TlsRequired.class);
  private static final int RECORD_HEADER = 5;
  private boolean decided; // on the channel's event loop only

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < RECORD_HEADER) {
      return;
    }
    if (SslHandler.isEncrypted(in, false)) {
      decided = true;
      ctx.pipeline().remove(this); // what was read goes on to TLS
      return;
    }
    refuse(ctx, "it does not speak TLS");
    in.skipBytes(in.readableBytes());
    ctx.close();
  }

  /**
   * A plain miniray process waits for this side's challenge, which TLS holds back until the peer's
   * first record: it sends nothing, gives up after its handshake timeout and closes. Said here,
   * or the refusal would leave no trace on this side.
   */
  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (!decided && !ctx.channel().isActive()) {
      refuse(ctx, "it closed without starting TLS");
    }
  }

  private void refuse(ChannelHandlerContext ctx, String what) {
    decided = true;
    log.warn("refused a connection from {}: {}, and this cluster requires it (its head was started with --tls; a "
        + "process joins it with {} and {} beside its cluster token)", ctx.channel().remoteAddress(), what,
        ClusterTls.AUTHORITY_CERTIFICATE, ClusterTls.AUTHORITY_KEY);
  }
}
