package org.miniray.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.miniray.transport.netty.Protocol.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's half of the handshake (see {@link ServerHandshakeHandler}): answers the server's
 * CHALLENGE with a PROOF, then checks the server's ACCEPT, so a server that does not hold the token
 * is detected as surely as a client that does not. On success it leaves the pipeline and completes
 * {@code done}; on REJECT, a wrong server proof, any other frame, a close or the timeout it fails
 * {@code done} with an {@link RpcException} saying which.
 */
final class ClientHandshakeHandler extends HandshakeHandler {
  private static final Logger log = LoggerFactory.getLogger(ClientHandshakeHandler.class);

  private final byte[] clientNonce = ClusterToken.randomBytes(ClusterToken.LENGTH);
  private byte[] serverNonce; // null until the CHALLENGE arrives

  ClientHandshakeHandler(ClusterToken token, Duration timeout, CompletableFuture<Void> done) {
    super(token, timeout, done, log);
  }

  @Override
  protected String timedOut(ChannelHandlerContext ctx) {
    return "server " + ctx.channel().remoteAddress() + " did not complete the handshake within "
        + timeout.toMillis() + " ms" + tlsHint(ctx);
  }

  @Override
  protected String closedEarly(ChannelHandlerContext ctx) {
    return "connection to " + ctx.channel().remoteAddress() + " closed during the handshake" + tlsHint(ctx);
  }

  // A cluster started with --tls and a process without its authority (or the reverse) cannot
  // even begin: say so, since neither side's bytes mean anything to the other.
  private static String tlsHint(ChannelHandlerContext ctx) {
    boolean tls = ctx.pipeline().get("tls") != null;
    return tls ? " (this process speaks TLS, with the authority beside its token: is the server another cluster's, "
        + "or one started without --tls?)"
        : " (if the cluster was started with --tls, this process needs " + ClusterTls.AUTHORITY_CERTIFICATE + " and "
        + ClusterTls.AUTHORITY_KEY + " beside its token)";
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    try {
      if (done.isDone()) {
        return;
      }
      Object server = ctx.channel().remoteAddress();
      int size = frame.body().readableBytes();
      if (serverNonce == null) {
        if (frame.kind() != FrameKind.CHALLENGE || size != ClusterToken.LENGTH) {
          fail(ctx, "server " + server + " sent " + frame + " instead of a handshake challenge");
          return;
        }
        serverNonce = new byte[ClusterToken.LENGTH];
        frame.body().readBytes(serverNonce);
        byte[] proof = new byte[2 * ClusterToken.LENGTH];
        System.arraycopy(clientNonce, 0, proof, 0, ClusterToken.LENGTH);
        System.arraycopy(token.prove(ServerHandshakeHandler.CLIENT_LABEL, serverNonce, clientNonce), 0,
            proof, ClusterToken.LENGTH, ClusterToken.LENGTH);
        ctx.writeAndFlush(Frame.of(FrameKind.PROOF, 0, 0, proof));
      } else if (frame.kind() == FrameKind.REJECT) {
        fail(ctx, "the cluster at " + server + " refused this node's cluster token");
      } else if (frame.kind() != FrameKind.ACCEPT || size != ClusterToken.LENGTH) {
        fail(ctx, "server " + server + " sent " + frame + " instead of accepting the handshake");
      } else {
        byte[] proof = new byte[ClusterToken.LENGTH];
        frame.body().readBytes(proof);
        if (!MessageDigest.isEqual(proof, token.prove(ServerHandshakeHandler.SERVER_LABEL, clientNonce, serverNonce))) {
          fail(ctx, "server " + server + " could not prove it holds the cluster token (an impostor?)");
          return;
        }
        succeed(ctx);
      }
    } finally {
      frame.release();
    }
  }
}
