package org.miniray.transport.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.util.AttributeKey;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of every connection, server's and client's alike but for the handshake's side. */
final class RpcChannelInitializer extends ChannelInitializer<SocketChannel> {
  /**
   * A channel's connection, which outlives its pipeline: a server that refuses the handshake
   * closes the channel at once, and its handlers may be gone before the client looks for them.
   */
  static final AttributeKey<RpcConnection> CONNECTION = AttributeKey.valueOf("miniray.connection");
  private final RpcConfig config;
  private final ClusterToken token;
  private final RpcHandler handler;
  private final ChannelGroup serverChannels; // null on a client

  private RpcChannelInitializer(RpcConfig config, ClusterToken token, RpcHandler handler, ChannelGroup serverChannels) {
    this.config = config;
    this.token = token;
    this.handler = handler;
    this.serverChannels = serverChannels;
  }

  /** A server's connections, each added to {@code channels} so that closing the server closes them. */
  static RpcChannelInitializer forServer(RpcConfig config, ClusterToken token, RpcHandler handler,
      ChannelGroup channels) {
    return new RpcChannelInitializer(config, token, handler, channels);
  }

  static RpcChannelInitializer forClient(RpcConfig config, ClusterToken token, RpcHandler pushHandler) {
    return new RpcChannelInitializer(config, token, pushHandler, null);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    boolean server = serverChannels != null;
    if (server) {
      serverChannels.add(ch);
    }
    RpcConnection connection = new RpcConnection(ch, config);
    ch.attr(CONNECTION).set(connection);
    ChannelPipeline p = ch.pipeline();
    // Inbound bytes travel down this list, outbound frames up it.
    ClusterTls tls = token.tlsContexts();
    if (tls != null) {
      if (server) {
        // 0a. Refuses, with a log line saying why, a peer whose first bytes are not a TLS record.
        p.addLast("tlsRequired", new TlsRequired());
      }
      // 0b. TLS 1.3, both sides presenting a certificate the cluster's authority signed.
      p.addLast("tls", server ? tls.serverHandler(ch.alloc()) : tls.clientHandler(ch.alloc()));
    }
    // 1. Splits the stream at 4-byte length prefixes; refuses absurd lengths before buffering anything.
    p.addLast("frameDecoder", new LengthPrefixDecoder(config.maxFrameLength()));
    // 2. Prepends the 4-byte length to each outgoing frame.
    p.addLast("frameEncoder", new LengthFieldPrepender(LengthPrefixDecoder.PREFIX_LENGTH));
    // 3. Frame bytes <-> Frame records (version, kind, type, request id, body); refuses other versions.
    p.addLast("frameCodec", new FrameCodec());
    // 4. Mutual challenge-response on the cluster token; lets nothing through until done, then leaves.
    p.addLast("handshake", server
        ? new ServerHandshakeHandler(token, config.handshakeTimeout(), connection.handshake())
        : new ClientHandshakeHandler(token, config.handshakeTimeout(), connection.handshake()));
    if (!config.idleTimeout().isZero()) {
      long idle = config.idleTimeout().toMillis();
      // 5. Reports "nothing read for the idle timeout" and "nothing written for a third of it".
      p.addLast("idle", new IdleStateHandler(idle, Math.max(1, idle / 3), 0, TimeUnit.MILLISECONDS));
      // 6. Closes the connection on the first, sends a PING on the second; swallows PINGs.
      p.addLast("keepAlive", new KeepAliveHandler(config.idleTimeout(), connection));
    }
    // 7. Reassembles CHUNK frames into messages; slices large outgoing bodies, sending while writable.
    //    A response whose call brought a receiver is copied into the receiver's memory instead.
    p.addLast("chunks", new ChunkHandler(config.chunkSize(), config.maxMessageSize(), connection::openBody));
    // 8. Requests and one-way messages to the RpcHandler, responses to the calls awaiting them.
    p.addLast("dispatch", new RpcDispatchHandler(handler, connection));
  }
}
