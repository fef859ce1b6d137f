package org.miniray.transport.netty;

import java.time.Duration;

/**
 * The knobs of the RPC layer. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods; every limit is checked here, once, so a bad setting fails at startup.
 *
 * @param host the address a server binds (127.0.0.1 by default: a cluster spread over machines
 *     must say so on purpose)
 * @param port the port a server binds; 0 picks a free one ({@link RpcServer#localAddress()})
 * @param maxFrameLength largest frame accepted, length prefix excluded; a peer announcing more is
 *     disconnected before anything is allocated
 * @param chunkSize bodies larger than this travel as CHUNK frames of at most this many bytes
 * @param maxMessageSize largest message (after reassembling chunks) accepted from a peer
 * @param handshakeTimeout how long a new connection may take to authenticate
 * @param requestTimeout how long a call waits for its response, and how long {@code call}/{@code
 *     send} may block while the connection is not writable
 * @param connectTimeout how long one TCP connect may take
 * @param reconnectAttempts connects a call tries when the connection is down before it fails
 * @param reconnectBackoff pause before the second attempt; doubled for each further one
 * @param writeBufferLowWaterMark a connection is writable again once its unsent bytes fall below this
 * @param writeBufferHighWaterMark a connection stops being writable when its unsent bytes exceed this
 * @param ioThreads event-loop threads of a server (a client has one connection, so one thread)
 * @param idleTimeout a connection on which nothing arrives for this long is closed (a half-open
 *     connection is noticed); each side sends a PING after a third of it without sending
 *     anything. Zero turns both off
 */
public record RpcConfig(String host, int port, int maxFrameLength, int chunkSize, int maxMessageSize,
    Duration handshakeTimeout, Duration requestTimeout, Duration connectTimeout, int reconnectAttempts,
    Duration reconnectBackoff, int writeBufferLowWaterMark, int writeBufferHighWaterMark, int ioThreads,
    Duration idleTimeout) {
  private static final int MIB = 1 << 20;
  /** The largest body that fits in one frame after its header and a chunk's offsets. */
  static final int CHUNK_OVERHEAD = Frame.HEADER_LENGTH + ChunkHandler.CHUNK_HEADER_LENGTH;

  public RpcConfig {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " is not 0..65535");
    }
    if (maxFrameLength < CHUNK_OVERHEAD + 1) {
      throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " leaves no room for a body");
    }
    if (chunkSize < 1 || chunkSize > maxFrameLength - CHUNK_OVERHEAD) {
      throw new IllegalArgumentException("chunkSize " + chunkSize + " must be 1.." + (maxFrameLength - CHUNK_OVERHEAD)
          + " so that a chunk fits in a frame of maxFrameLength " + maxFrameLength);
    }
    if (maxMessageSize < chunkSize) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is below chunkSize " + chunkSize);
    }
    if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException("write buffer water marks " + writeBufferLowWaterMark + ".."
          + writeBufferHighWaterMark + " must satisfy 1 <= low <= high");
    }
    if (reconnectAttempts < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("reconnectAttempts and ioThreads must be at least 1");
    }
    Duration[] durations = {handshakeTimeout, requestTimeout, connectTimeout, reconnectBackoff, idleTimeout};
    for (Duration d : durations) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
  }

  /**
   * 127.0.0.1, an ephemeral port, 8 MiB frames, 1 MiB chunks, 1 GiB messages, 5 s handshakes,
   * 30 s calls, 30 s idle timeout.
   */
  public static RpcConfig defaults() {
    return new RpcConfig("127.0.0.1", 0, 8 * MIB, MIB, 1 << 30, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(5), 3, Duration.ofMillis(100), 2 * MIB, 4 * MIB, 1, Duration.ofSeconds(30));
  }

  public RpcConfig withHost(String h) {
    return new RpcConfig(h, port, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  public RpcConfig withPort(int p) {
    return new RpcConfig(host, p, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  /** Sets the frame, chunk and message limits together, since each bounds the next. */
  public RpcConfig withLimits(int frame, int chunk, int message) {
    return new RpcConfig(host, port, frame, chunk, message, handshakeTimeout, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  public RpcConfig withHandshakeTimeout(Duration d) {
    return new RpcConfig(host, port, maxFrameLength, chunkSize, maxMessageSize, d, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  public RpcConfig withRequestTimeout(Duration d) {
    return new RpcConfig(host, port, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, d,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  public RpcConfig withReconnect(int attempts, Duration backoff) {
    return new RpcConfig(host, port, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, requestTimeout,
        connectTimeout, attempts, backoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, idleTimeout);
  }

  public RpcConfig withWriteBufferWaterMarks(int low, int high) {
    return new RpcConfig(host, port, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, low, high, ioThreads, idleTimeout);
  }

  public RpcConfig withIdleTimeout(Duration d) {
    return new RpcConfig(host, port, maxFrameLength, chunkSize, maxMessageSize, handshakeTimeout, requestTimeout,
        connectTimeout, reconnectAttempts, reconnectBackoff, writeBufferLowWaterMark, writeBufferHighWaterMark,
        ioThreads, d);
  }
}
