package org.miniray.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCounted;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.miniray.common.Clock;
import java.util.function.IntFunction;
import org.miniray.serialization.ObjectReader;
import org.miniray.transport.BodySink;
import org.miniray.transport.netty.Protocol.FrameKind;

/**
 * One authenticated connection, seen from either end. A server's handler gets one per client and
 * may {@link #send push} messages to it.
 *
 * <p>Back-pressure: {@link #send} (and a client's calls) first wait while the connection has more
 * than the high water mark of bytes handed to Netty but not yet written to the socket, up to the
 * request timeout, so a peer that stops reading slows its senders down instead of filling memory.
 * A Netty event-loop thread never waits: there the message is queued regardless, since blocking
 * the loop would also stop the very writes it waits for.
 */
public final class RpcConnection {
  // Deadlines of calls on the wire are real time, as the peer's and the kernel's are.
  private static final Clock CLOCK = Clock.SYSTEM;

  private final Channel channel;
  private final RpcConfig config;
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final AtomicLong nextRequestId = new AtomicLong(1);
  private final ConcurrentHashMap<Long, PendingCall> pending = new ConcurrentHashMap<>();
  /**
   * Where the chunked response of a call made with one goes ({@link #call(int, byte[], Duration,
   * IntFunction)}): taken by the {@link ChunkHandler} at the response's first chunk.
   */
  private final ConcurrentHashMap<Long, IntFunction<BodySink.Body>> receivers = new ConcurrentHashMap<>();
  /** Bytes of messages given to Netty whose write has not completed yet. */
  private final AtomicLong unsentBytes = new AtomicLong();
  private final Object writable = new Object();

  /** Frames written by any thread, waiting for the event loop to write them all and flush once. */
  private final Queue<Queued> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  /** How often a connection with calls outstanding looks for ones past their deadline. */
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Whether a sweep for calls past their deadline is scheduled on the event loop. */
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();

  private record PendingCall(CompletableFuture<byte[]> result, int type, long deadlineNanos, Duration timeout) {}

  /** A call to look at once its deadline passes. */
  private record Watch(long id, long deadlineNanos) {}

  /**
   * The outstanding calls in the order they were made, one queue per timeout: within a queue the
   * deadlines rise (to within the microseconds by which two threads' calls may be queued out of
   * order), so a sweep stops at the first call not yet due. Answered calls leave their queue when
   * a sweep reaches them.
   */
  private final ConcurrentHashMap<Long, Queue<Watch>> watches = new ConcurrentHashMap<>();

  private record Queued(ReferenceCounted message, ChannelPromise promise) {}

  RpcConnection(Channel channel, RpcConfig config) {
    this.channel = channel;
    this.config = config;
  }

  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /**
   * Sends a one-way message. Blocks while the connection is backed up (see above).
   *
   * @throws RpcException if the connection is closed, or stays backed up for the request timeout
   */
  public void send(int type, byte[] body) {
    checkType(type);
    if (!isOpen()) {
      throw lost();
    }
    awaitWritable(CLOCK.nanoTime() + config.requestTimeout().toNanos(), type);
    write(Frame.of(FrameKind.ONE_WAY, type, nextRequestId.getAndIncrement(), body));
  }

  /** Closes the connection; pending calls fail. */
  public void close() {
    failPending(new RpcException("connection to " + channel.remoteAddress() + " was closed by this process"));
    channel.close();
  }

  @Override
  public String toString() {
    return "RpcConnection[" + channel.remoteAddress() + "]";
  }

  // ---- used by RpcClient and the pipeline

  CompletableFuture<Void> handshake() {
    return handshake;
  }

  boolean isAuthenticated() {
    return handshake.isDone() && !handshake.isCompletedExceptionally();
  }

  long unsentBytes() {
    return unsentBytes.get();
  }

  /** Sends a request; the future completes with the response body or fails with an {@link RpcException}. */
  CompletableFuture<byte[]> call(int type, byte[] body, Duration timeout) {
    return call(type, body, timeout, null);
  }

  /**
   * As {@link #call(int, byte[], Duration)}; when the response comes in chunks, {@code receiver}
   * (if not null) is asked, given the response's length, for a body to copy them into (see
   * {@link BodySink}). When it gives one, the future completes with an empty array once the body
   * is complete, or fails if the body refused its bytes.
   */
  CompletableFuture<byte[]> call(int type, byte[] body, Duration timeout, IntFunction<BodySink.Body> receiver) {
    checkType(type);
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long deadline = CLOCK.nanoTime() + timeout.toNanos();
    try {
      if (!isOpen()) {
        throw lost();
      }
      awaitWritable(deadline, type);
    } catch (RpcException e) {
      result.completeExceptionally(e);
      return result;
    }
    long id = nextRequestId.getAndIncrement();
    if (receiver != null) {
      receivers.put(id, receiver);
      result.whenComplete((r, t) -> receivers.remove(id)); // answered, timed out or lost before its first chunk
    }
    pending.put(id, new PendingCall(result, type, deadline, timeout));
    watches.computeIfAbsent(timeout.toNanos(), t -> new ConcurrentLinkedQueue<>()).add(new Watch(id, deadline));
    if (!scheduleSweep()) { // the event loop is shutting down
      pending.remove(id);
      result.completeExceptionally(lost());
      return result;
    }
    write(Frame.of(FrameKind.REQUEST, type, id, body)).addListener(f -> {
      if (!f.isSuccess() && pending.remove(id) != null) {
        result.completeExceptionally(!channel.isActive() ? lost() : new RpcException(
            "could not send call of type " + type + " to " + channel.remoteAddress() + ": " + f.cause(), f.cause()));
      }
    });
    return result;
  }

  /** Answers request {@code id} once {@code result} completes: a byte[] body, or an ObjectReader's bytes streamed. */
  void respond(long id, int type, CompletableFuture<?> result) {
    result.whenComplete((body, error) -> {
      if (error == null && body instanceof ObjectReader reader) {
        write(new StreamedBody(FrameKind.RESPONSE, type, id, reader), reader.length());
      } else if (error == null) {
        write(Frame.of(FrameKind.RESPONSE, type, id, body == null ? new byte[0] : (byte[]) body));
      } else {
        write(Frame.of(FrameKind.ERROR_RESPONSE, type, id, encodeError(unwrap(error))));
      }
    });
  }

  /** Completes the call a RESPONSE or ERROR_RESPONSE answers; a late answer to a timed-out call is dropped. */
  void complete(Frame answer) {
    PendingCall call = pending.remove(answer.requestId());
    if (call == null) {
      answer.release();
      return;
    }
    byte[] body = answer.takeBody();
    if (answer.kind() == FrameKind.RESPONSE) {
      call.result().complete(body);
    } else {
      call.result().completeExceptionally(decodeError(body, call.type()));
    }
  }

  /**
   * The body that the chunks of response {@code requestId} ({@code length} bytes) go into, or null
   * to assemble them on the heap: the call's receiver's, if it was made with one and still waits.
   * On the event loop, at the response's first chunk.
   */
  BodySink.Body openBody(long requestId, int length) {
    IntFunction<BodySink.Body> receiver = receivers.remove(requestId);
    return receiver == null || !pending.containsKey(requestId) ? null : receiver.apply(length);
  }

  void writabilityChanged() {
    synchronized (writable) {
      writable.notifyAll();
    }
  }

  void closed() {
    failPending(lost());
    writabilityChanged();
  }

  // ---- internals

  /**
   * Deadlines are enforced by one periodic sweep per connection while calls are outstanding, not a
   * timer per call: a timer set and cancelled from another thread costs the event loop two tasks
   * (and wake-ups) for every call. A call fails at most {@link #SWEEP_NANOS} after its deadline.
   * A sweep looks only at the oldest calls of each queue in {@link #watches}, not at every
   * outstanding call (with ten thousand calls in flight, scanning them all every 10 ms took a
   * fifth of a driver's CPU). Returns false when the event loop no longer takes tasks.
   */
  private boolean scheduleSweep() {
    if (!sweepScheduled.compareAndSet(false, true)) {
      return true;
    }
    try {
      channel.eventLoop().schedule(this::sweep, SWEEP_NANOS, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      sweepScheduled.set(false);
      return false;
    }
  }

  /** On the event loop: fails the calls past their deadline; runs again while any call is outstanding. */
  private void sweep() {
    sweepScheduled.set(false); // from here on a new call schedules a sweep itself, so none is left unwatched
    long now = CLOCK.nanoTime();
    for (Queue<Watch> queue : watches.values()) {
      for (Watch w; (w = queue.peek()) != null; ) {
        PendingCall call = pending.get(w.id());
        if (call != null && now - w.deadlineNanos() < 0) {
          break; // this one and (nearly) all behind it are not due yet
        }
        queue.poll();
        if (call != null && pending.remove(w.id(), call)) {
          call.result().completeExceptionally(new RpcException("call of type " + call.type() + " to "
              + channel.remoteAddress() + " got no response within " + call.timeout().toMillis() + " ms",
              new TimeoutException("no response within " + call.timeout())));
        }
      }
    }
    if (!pending.isEmpty()) {
      scheduleSweep();
    }
  }

  /**
   * Queues {@code frame} for the event loop. Frames queued while a drain is pending go out in that
   * drain with one flush (one system call for many small messages), rather than one task, one
   * wake-up of the loop and one flush each; the queue keeps their order.
   */
  private ChannelFuture write(Frame frame) {
    return write(frame, frame.body().readableBytes());
  }

  /** Queues {@code message}, a {@link Frame} or a {@link StreamedBody} of {@code size} bytes. */
  private ChannelFuture write(ReferenceCounted message, long size) {
    unsentBytes.addAndGet(size);
    ChannelPromise promise = channel.newPromise();
    promise.addListener(f -> {
      unsentBytes.addAndGet(-size);
      writabilityChanged();
    });
    outbox.add(new Queued(message, promise));
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) { // the event loop is shutting down
        drainScheduled.set(false);
        failQueued();
      }
    }
    return promise;
  }

  /** On the event loop: writes every queued frame, then flushes once. */
  private void drain() {
    drainScheduled.set(false); // from here on a new frame schedules another drain, so none is stranded
    boolean wrote = false;
    for (Queued q; (q = outbox.poll()) != null; ) {
      channel.write(q.message(), q.promise());
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  private void failQueued() {
    for (Queued q; (q = outbox.poll()) != null; ) {
      q.message().release();
      q.promise().tryFailure(lost());
    }
  }

  private boolean backedUp() {
    return !channel.isWritable() || unsentBytes.get() > config.writeBufferHighWaterMark();
  }

  private void awaitWritable(long deadline, int type) {
    if (!backedUp() || EventLoops.onEventLoopThread()) {
      return; // on an event loop: queue rather than block the loop (see the class comment)
    }
    synchronized (writable) {
      while (backedUp()) {
        if (!channel.isActive()) {
          throw lost();
        }
        long left = deadline - CLOCK.nanoTime();
        if (left <= 0) {
          throw new RpcException("connection to " + channel.remoteAddress() + " stayed backed up (" + unsentBytes.get()
              + " bytes unsent) for " + config.requestTimeout().toMillis() + " ms; message of type " + type
              + " not sent", new TimeoutException("peer is not reading"));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(writable, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RpcException("interrupted while waiting to send a message of type " + type, e);
        }
      }
    }
  }

  private RpcException lost() {
    return new RpcException("connection to " + channel.remoteAddress() + " lost");
  }

  private void failPending(RpcException reason) {
    watches.clear();
    for (Long id : pending.keySet()) {
      PendingCall call = pending.remove(id);
      if (call != null) {
        call.result().completeExceptionally(reason);
      }
    }
  }

  private static void checkType(int type) {
    if (type < 0 || type > Frame.MAX_TYPE) {
      throw new IllegalArgumentException("message type " + type + " is not an unsigned 16-bit number");
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** ERROR_RESPONSE body: class name length (2 bytes), class name, message, both UTF-8. */
  static byte[] encodeError(Throwable error) {
    byte[] name = error.getClass().getName().getBytes(StandardCharsets.UTF_8);
    byte[] message = String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + name.length + message.length)
        .putShort((short) name.length).put(name).put(message).array();
  }

  private RpcException decodeError(byte[] body, int type) {
    String remoteClass = "?";
    String message = "(malformed error response)";
    ByteBuffer in = ByteBuffer.wrap(body);
    if (in.remaining() >= 2) {
      int nameLength = Short.toUnsignedInt(in.getShort());
      if (nameLength <= in.remaining()) {
        remoteClass = new String(body, 2, nameLength, StandardCharsets.UTF_8);
        message = new String(body, 2 + nameLength, body.length - 2 - nameLength, StandardCharsets.UTF_8);
      }
    }
    return new RpcException("call of type " + type + " to " + channel.remoteAddress() + " failed remotely: "
        + remoteClass + ": " + message, null, remoteClass);
  }
}
