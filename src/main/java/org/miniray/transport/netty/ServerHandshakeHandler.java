package org.miniray.transport.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.miniray.transport.netty.Protocol.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's half of the handshake. On connect it sends a CHALLENGE holding a fresh nonce; the
 * only frame it accepts is a PROOF holding the client's nonce and HMAC(token, "miniray-client" |
 * serverNonce | clientNonce). A right proof is answered with ACCEPT holding HMAC(token,
 * "miniray-server" | clientNonce | serverNonce), so the client can check the server too; then this
 * handler leaves the pipeline and frames flow to the RPC layer. Anything else, or nothing within
 * the timeout, closes the connection with a logged reason.
 */
final class ServerHandshakeHandler extends HandshakeHandler {
  private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);
  static final String CLIENT_LABEL = "miniray-client";
  static final String SERVER_LABEL = "miniray-server";

  private final byte[] serverNonce = ClusterToken.randomBytes(ClusterToken.LENGTH);

  /** {@code done} completes when the client has proven it holds {@code token}. */
  ServerHandshakeHandler(ClusterToken token, Duration timeout, CompletableFuture<Void> done) {
    super(token, timeout, done, log);
  }

  @Override
  protected String timedOut(ChannelHandlerContext ctx) {
    return "no handshake within " + timeout.toMillis() + " ms";
  }

  @Override
  protected String closedEarly(ChannelHandlerContext ctx) {
    return "connection closed during the handshake";
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Frame.of(FrameKind.CHALLENGE, 0, 0, serverNonce));
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    try {
      if (done.isDone()) {
        return; // closing: ignore what the peer already sent
      }
      if (frame.kind() != FrameKind.PROOF) {
        fail(ctx, "sent a " + frame.kind() + " frame before authenticating");
        return;
      }
      if (frame.body().readableBytes() != 2 * ClusterToken.LENGTH) {
        fail(ctx, "sent a malformed PROOF of " + frame.body().readableBytes() + " bytes");
        return;
      }
      byte[] clientNonce = new byte[ClusterToken.LENGTH];
      byte[] proof = new byte[ClusterToken.LENGTH];
      frame.body().readBytes(clientNonce).readBytes(proof);
      if (!MessageDigest.isEqual(proof, token.prove(CLIENT_LABEL, serverNonce, clientNonce))) {
        cancelTimer();
        log.warn("refused connection from {}: wrong cluster token", ctx.channel().remoteAddress());
        done.completeExceptionally(new RpcException("client sent a wrong cluster token"));
        // Tell the client why, so it can report it; the frame carries nothing an attacker could use.
        ctx.writeAndFlush(Frame.of(FrameKind.REJECT, 0, 0, new byte[0])).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(Frame.of(FrameKind.ACCEPT, 0, 0, token.prove(SERVER_LABEL, clientNonce, serverNonce)));
      succeed(ctx);
    } finally {
      frame.release();
    }
  }
}
