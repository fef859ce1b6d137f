package org.miniray.gcs.remote;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.miniray.common.Clock;
import org.miniray.common.DaemonThreads;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.RpcException;
import org.miniray.transport.netty.WireClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls and one-way messages to the head that outlast its absence (issue 15): one that fails
 * because the head cannot be reached (the connection is down, or was lost with the call under way)
 * is made again with a doubling backoff, for at most {@code miniray.head.retry.timeout.ms} from
 * when it was first made; then it fails with an {@link RpcException} naming the head's address and
 * the timeout. A head restarted in time (its GCS outside it) answers it as if nothing had happened.
 *
 * <p>Not retried: an answer of the head's (a failed remote handler, a refused write) and a call
 * the head did not answer within the request timeout (a slow head, not an absent one). A call
 * lost with its connection may have been applied before the head died, so only calls that may be
 * made twice go through here; every GCS write is (a row written again, a location added again)
 * but a retry's ({@code TASK_RETRY}), which would spend a second retry, so {@link RemoteGcs} makes
 * that one directly.
 *
 * <p>One-way messages keep their order: one made while earlier ones wait goes out after them,
 * from a thread of this class's own; so a location added then removed is never removed then added.
 */
public final class HeadRetries {
  private static final Logger log = LoggerFactory.getLogger(HeadRetries.class);

  private static final long FIRST_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 1_000;

  /** The thread that makes the calls again; it may wait to reconnect, so it is no event loop. */
  private static final ScheduledThreadPoolExecutor RETRIES = retries();

  private static ScheduledThreadPoolExecutor retries() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("miniray-head-retries"));
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** A call ({@code call}) or a one-way message waiting in the outbox; {@code done} completes with the reply, or once sent. */
  private record Outgoing(Message message, Object body, boolean call, Duration timeout, long deadlineMillis,
      CompletableFuture<Object> done) {}

  private final WireClient head;
  private final long timeoutMs;
  private final Clock clock;
  private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final RecentSends recent = new RecentSends(RECENT_WINDOW_MS, RECENT_MAX_BYTES);
  /** The one-way messages of the last this many ms are kept to send again ({@link #sendAgain}). */
  public static final long RECENT_WINDOW_MS = 2_000;
  /** And at most about this many bytes of them. */
  static final long RECENT_MAX_BYTES = 32L << 20;
  private volatile long drainBackoffMs = FIRST_BACKOFF_MS;

  /**
   * @param timeoutMs how long a call is retried while the head cannot be reached; 0 fails it at once
   */
  public HeadRetries(WireClient head, long timeoutMs) {
    this(head, timeoutMs, Clock.SYSTEM);
  }

  /** As {@link #HeadRetries(WireClient, long)}, with the deadlines read from {@code clock}. */
  public HeadRetries(WireClient head, long timeoutMs, Clock clock) {
    if (timeoutMs < 0) {
      throw new IllegalArgumentException("the head retry timeout must be 0 ms or more, not " + timeoutMs + " ms");
    }
    this.head = head;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /** The connection underneath. */
  public WireClient client() {
    return head;
  }

  /** As {@link WireClient#call(Message, Object)}, retried while the head cannot be reached. */
  public <R> CompletableFuture<R> call(Message message, Object body) {
    return call(message, body, null);
  }

  /**
   * As {@link WireClient#call(Message, Object, Duration)}, retried while the head cannot be
   * reached. A call made while one-way messages wait goes out after them, as it would have.
   */
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> call(Message message, Object body, Duration timeout) {
    long deadline = clock.millis() + timeoutMs;
    if (outbox.isEmpty()) {
      CompletableFuture<R> result = new CompletableFuture<>();
      CompletableFuture<R> first = head.call(message, body, timeout);
      if (!first.isCompletedExceptionally() || !headAway(first)) {
        retryOnLoss(first, message, body, timeout, deadline, FIRST_BACKOFF_MS, result);
        return result;
      }
    }
    Outgoing o = new Outgoing(message, body, true, timeout, deadline, new CompletableFuture<>());
    outbox.add(o);
    drainSoon(0);
    return (CompletableFuture<R>) o.done();
  }

  // A call that went out: its reply, or, if the head could not be reached after all, the call again later.
  private <R> void retryOnLoss(CompletableFuture<R> reply, Message message, Object body, Duration timeout,
      long deadline, long backoff, CompletableFuture<R> result) {
    reply.whenComplete((r, e) -> {
      if (e == null) {
        result.complete(r);
      } else if (!headAway(e)) {
        result.completeExceptionally(e);
      } else if (clock.millis() + backoff > deadline || !later(() -> retryOnLoss(
          head.call(message, body, timeout), message, body, timeout, deadline, Math.min(backoff * 2, MAX_BACKOFF_MS),
          result), backoff)) {
        result.completeExceptionally(gaveUp(message, e));
      }
    });
  }

  /**
   * Sends {@code message} one-way; completes once it went out, or fails once the head stayed
   * unreachable for the retry timeout (it is then dropped, and logged).
   */
  @SuppressWarnings("unchecked")
  public CompletableFuture<Void> send(Message message, Object body) {
    if (outbox.isEmpty()) {
      try {
        head.send(message, body);
        recent.record(clock.millis(), message, body);
        return CompletableFuture.completedFuture(null);
      } catch (RpcException e) {
        if (!headAway(e)) {
          return CompletableFuture.failedFuture(e);
        }
      }
    }
    Outgoing o = new Outgoing(message, body, false, null, clock.millis() + timeoutMs,
        new CompletableFuture<>());
    outbox.add(o);
    drainSoon(0);
    return (CompletableFuture<Void>) (CompletableFuture<?>) o.done();
  }

  /**
   * Of the messages about to be sent again, those the head that answers now holds for good already:
   * they are not sent again ({@link #sendAgain}).
   */
  @FunctionalInterface
  public interface AlreadyHeld {
    /** Nothing is held: every message is sent again. */
    AlreadyHeld NOTHING = bodies -> Set.of();

    /** Of {@code bodies} (in the order sent), those the head holds: an identity set, as two equal messages are two sends. */
    Set<Object> among(List<Object> bodies);
  }

  /**
   * Sends again, in the order they first went, the one-way messages that went out in the {@code
   * windowMs} before {@code downSinceMillis} (at most the last {@value #RECENT_WINDOW_MS} ms of them, and
   * about 32 MiB of them), but those {@code held} says the head that answers now has for good: the
   * head that went away then may have taken them without making them durable, and the head that
   * answers now never saw them (issue 15: a driver's task and its row, received by a head killed
   * before its GCS batch was written, were lost with it). A message the old head did make durable
   * must not go again where a second copy is not harmless: an actor's creation sent twice builds the
   * actor twice (a second instance that restores its checkpoint behind its supervisor's back, so
   * the calls lost with the first are never sent again). Returns how many went again.
   */
  public int sendAgain(long downSinceMillis, long windowMs, AlreadyHeld held) {
    List<RecentSends.Sent> again = recent.between(downSinceMillis - windowMs, downSinceMillis);
    Set<Object> skip = held.among(again.stream().map(RecentSends.Sent::body).toList());
    int sent = 0;
    for (RecentSends.Sent m : again) {
      if (!skip.contains(m.body())) {
        send(m.message(), m.body());
        sent++;
      }
    }
    return sent;
  }

  private void drainSoon(long delayMs) {
    if (draining.compareAndSet(false, true) && !later(this::drain, delayMs)) {
      draining.set(false);
      failEverySend(new RejectedExecutionException("the JVM is shutting down"));
    }
  }

  // On the retries' thread: sends in order until one cannot go out, then waits and tries again.
  private void drain() {
    Outgoing o;
    while ((o = outbox.peek()) != null) {
      RpcException failed = o.call() ? sendCall(o) : sendOneWay(o);
      if (failed != null) {
        if (headAway(failed) && clock.millis() < o.deadlineMillis()) {
          long wait = drainBackoffMs;
          drainBackoffMs = Math.min(wait * 2, MAX_BACKOFF_MS);
          draining.set(false);
          drainSoon(wait);
          return;
        }
        RpcException why = headAway(failed) ? gaveUp(o.message(), failed) : failed;
        if (!o.call()) {
          log.error("dropped the one-way {}: {}", o.message().describe(), why.getMessage());
        }
        outbox.poll();
        o.done().completeExceptionally(why);
        continue;
      }
      // Taken off only once sent: a send that finds the outbox empty knows everything before it went.
      outbox.poll();
    }
    drainBackoffMs = FIRST_BACKOFF_MS;
    draining.set(false);
    if (!outbox.isEmpty()) {
      drainSoon(0);
    }
  }

  private RpcException sendOneWay(Outgoing o) {
    try {
      head.send(o.message(), o.body());
      recent.record(clock.millis(), o.message(), o.body());
      o.done().complete(null);
      return null;
    } catch (RpcException e) {
      return e;
    }
  }

  private RpcException sendCall(Outgoing o) {
    CompletableFuture<Object> reply = head.call(o.message(), o.body(), o.timeout());
    if (reply.isCompletedExceptionally() && headAway(reply)) {
      return (RpcException) cause(reply.handle((r, e) -> e).join());
    }
    retryOnLoss(reply, o.message(), o.body(), o.timeout(), o.deadlineMillis(), FIRST_BACKOFF_MS, o.done());
    return null;
  }

  private boolean headAway(CompletableFuture<?> failed) {
    return headAway(failed.handle((r, e) -> e).join());
  }

  private void failEverySend(Throwable why) {
    Outgoing o;
    while ((o = outbox.poll()) != null) {
      o.done().completeExceptionally(why);
    }
  }

  private static boolean later(Runnable r, long delayMs) {
    try {
      RETRIES.schedule(r, delayMs, TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException shuttingDown) {
      return false;
    }
  }

  private RpcException gaveUp(Message message, Throwable last) {
    return new RpcException("the head at " + address() + " could not be reached for " + timeoutMs
        + " ms (miniray.head.retry.timeout.ms), so " + message.describe() + " failed: " + cause(last).getMessage(),
        cause(last));
  }

  private String address() {
    var a = head.connection().serverAddress();
    return a.getHostString() + ":" + a.getPort();
  }

  /** Whether {@code error} says the head could not be reached, rather than that it answered no. */
  private boolean headAway(Throwable error) {
    Throwable e = cause(error);
    return timeoutMs > 0 && e instanceof RpcException r && r.remoteClass() == null
        && !(r.getCause() instanceof TimeoutException) && !head.connection().isClosed();
  }

  private static Throwable cause(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
