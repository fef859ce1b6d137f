package org.miniray.transport.netty;

import java.time.Duration;

/**
 * The knobs of the RPC layer. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods; every limit is checked here, once, so a bad setting fails at startup.
 * The knobs come in three groups ({@link Limits}, {@link Timeouts}, {@link Connections}), each read
 * through the accessors named below.
 *
 * <ul>
 *   <li>{@code host}: the address a server binds (127.0.0.1 by default: a cluster spread over machines
 *       must say so on purpose)
 *   <li>{@code port}: the port a server binds; 0 picks a free one ({@link RpcServer#localAddress()})
 *   <li>{@code maxFrameLength}: largest frame accepted, length prefix excluded; a peer announcing more is
 *       disconnected before anything is allocated
 *   <li>{@code chunkSize}: bodies larger than this travel as CHUNK frames of at most this many bytes
 *   <li>{@code maxMessageSize}: largest message (after reassembling chunks) accepted from a peer
 *   <li>{@code handshakeTimeout}: how long a new connection may take to authenticate
 *   <li>{@code requestTimeout}: how long a call waits for its response, and how long {@code call}/{@code
 *       send} may block while the connection is not writable
 *   <li>{@code connectTimeout}: how long one TCP connect may take
 *   <li>{@code reconnectAttempts}: connects a call tries when the connection is down before it fails
 *   <li>{@code reconnectBackoff}: pause before the second attempt; doubled for each further one
 *   <li>{@code writeBufferLowWaterMark}: a connection is writable again once its unsent bytes fall below this
 *   <li>{@code writeBufferHighWaterMark}: a connection stops being writable when its unsent bytes exceed this
 *   <li>{@code ioThreads}: event-loop threads of a server (a client has one connection, so one thread)
 *   <li>{@code idleTimeout}: a connection on which nothing arrives for this long is closed (a half-open
 *       connection is noticed); each side sends a PING after a third of it without sending
 *       anything. Zero turns both off
 * </ul>
 */
public record RpcConfig(String host, int port, RpcConfig.Limits limits, RpcConfig.Timeouts timeouts,
    RpcConfig.Connections connections) {
  private static final int MIB = 1 << 20;
  /** The largest body that fits in one frame after its header and a chunk's offsets. */
  static final int CHUNK_OVERHEAD = Frame.HEADER_LENGTH + ChunkHandler.CHUNK_HEADER_LENGTH;

  /** Sizes: {@code maxFrameLength}, {@code chunkSize}, {@code maxMessageSize}, each bounding the next. */
  public record Limits(int maxFrameLength, int chunkSize, int maxMessageSize) {
    public Limits {
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
    }
  }

  /** {@code handshakeTimeout}, {@code requestTimeout}, {@code connectTimeout}, {@code idleTimeout}. */
  public record Timeouts(Duration handshake, Duration request, Duration connect, Duration idle) {
    public Timeouts {
      for (Duration d : new Duration[] {handshake, request, connect, idle}) {
        if (d.isNegative()) {
          throw new IllegalArgumentException("durations must not be negative: " + d);
        }
      }
    }
  }

  /** {@code reconnectAttempts}, {@code reconnectBackoff}, the write buffer's water marks, {@code ioThreads}. */
  public record Connections(int reconnectAttempts, Duration reconnectBackoff, int writeBufferLowWaterMark,
      int writeBufferHighWaterMark, int ioThreads) {
    public Connections {
      if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
        throw new IllegalArgumentException("write buffer water marks " + writeBufferLowWaterMark + ".."
            + writeBufferHighWaterMark + " must satisfy 1 <= low <= high");
      }
      if (reconnectAttempts < 1 || ioThreads < 1) {
        throw new IllegalArgumentException("reconnectAttempts and ioThreads must be at least 1");
      }
      if (reconnectBackoff.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + reconnectBackoff);
      }
    }
  }

  public RpcConfig {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " is not 0..65535");
    }
  }

  /**
   * 127.0.0.1, an ephemeral port, 8 MiB frames, 1 MiB chunks, 1 GiB messages, 15 s handshakes
   * (a JVM starting on a busy machine can stall for seconds), 30 s calls, 30 s idle timeout.
   */
  public static RpcConfig defaults() {
    return new RpcConfig("127.0.0.1", 0, new Limits(8 * MIB, MIB, 1 << 30),
        new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30)),
        new Connections(3, Duration.ofMillis(100), 2 * MIB, 4 * MIB, 1));
  }

  public int maxFrameLength() {
    return limits.maxFrameLength();
  }

  public int chunkSize() {
    return limits.chunkSize();
  }

  public int maxMessageSize() {
    return limits.maxMessageSize();
  }

  public Duration handshakeTimeout() {
    return timeouts.handshake();
  }

  public Duration requestTimeout() {
    return timeouts.request();
  }

  public Duration connectTimeout() {
    return timeouts.connect();
  }

  public Duration idleTimeout() {
    return timeouts.idle();
  }

  public int reconnectAttempts() {
    return connections.reconnectAttempts();
  }

  public Duration reconnectBackoff() {
    return connections.reconnectBackoff();
  }

  public int writeBufferLowWaterMark() {
    return connections.writeBufferLowWaterMark();
  }

  public int writeBufferHighWaterMark() {
    return connections.writeBufferHighWaterMark();
  }

  public int ioThreads() {
    return connections.ioThreads();
  }

  public RpcConfig withHost(String h) {
    return new RpcConfig(h, port, limits, timeouts, connections);
  }

  public RpcConfig withPort(int p) {
    return new RpcConfig(host, p, limits, timeouts, connections);
  }

  /** Sets the frame, chunk and message limits together, since each bounds the next. */
  public RpcConfig withLimits(int frame, int chunk, int message) {
    return new RpcConfig(host, port, new Limits(frame, chunk, message), timeouts, connections);
  }

  public RpcConfig withHandshakeTimeout(Duration d) {
    return new RpcConfig(host, port, limits, new Timeouts(d, timeouts.request(), timeouts.connect(), timeouts.idle()),
        connections);
  }

  public RpcConfig withRequestTimeout(Duration d) {
    return new RpcConfig(host, port, limits, new Timeouts(timeouts.handshake(), d, timeouts.connect(), timeouts.idle()),
        connections);
  }

  public RpcConfig withReconnect(int attempts, Duration backoff) {
    return new RpcConfig(host, port, limits, timeouts, new Connections(attempts, backoff,
        connections.writeBufferLowWaterMark(), connections.writeBufferHighWaterMark(), connections.ioThreads()));
  }

  public RpcConfig withWriteBufferWaterMarks(int low, int high) {
    return new RpcConfig(host, port, limits, timeouts, new Connections(connections.reconnectAttempts(),
        connections.reconnectBackoff(), low, high, connections.ioThreads()));
  }

  public RpcConfig withIdleTimeout(Duration d) {
    return new RpcConfig(host, port, limits, new Timeouts(timeouts.handshake(), timeouts.request(),
        timeouts.connect(), d), connections);
  }
}
