package org.miniray.transport.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miniray.transport.netty.Protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-way messages of one kind queued for one connection, in the order made, and sent by the
 * connection's event loop: the first item queued while none is being sent has the loop send the
 * queue, so the items added meanwhile go out together, as one {@link Form#many} message of up to
 * {@link Form#maxPerMessage} items (a lone item goes alone, as {@link Form#one}, with no wait). A
 * burst of items costs one encoding and one frame per batch rather than per item, and the caller
 * does not encode them. A caller that finds {@link Form#maxQueued} items queued sends them itself,
 * waiting as a one-way send does while the connection is backed up, so a backed-up connection
 * still slows its callers down. A batch whose send fails on the loop (the connection dropped
 * after the item was queued) is lost as a one-way message written to a lost connection is, and
 * logged; whoever sent it covers that as for any one-way message.
 *
 * <p>Used for actor calls to a node ({@code SUBMIT_ACTOR_TASK(S)}, by {@link NettyTransport}), and
 * through {@link WireClient#batchSending}, which also sends a batch's items before any other
 * message on its connection, for a driver's tasks to the head ({@code SUBMIT_FROM_DRIVER} and
 * {@code SUBMIT_FROM_DRIVER_BATCH}) and for tasks placed on a node ({@code PLACE_TASK(S)}).
 *
 * @param <T> what one message carries
 */
public final class MessageBatch<T> {
  private static final Logger log = LoggerFactory.getLogger(MessageBatch.class);

  /**
   * How items travel: {@code one} carries a single item as {@code oneBody(item)}, {@code many} a
   * list of them as {@code manyBody(items)}.
   */
  public record Form<T>(Message one, Function<T, Object> oneBody, Message many,
      Function<List<T>, Object> manyBody, int maxPerMessage, int maxQueued) {
    public Form {
      if (maxPerMessage < 2 || maxQueued < maxPerMessage) {
        throw new IllegalArgumentException("a batch of " + many.describe() + " needs at least 2 items a message and a"
            + " queue at least that long, not " + maxPerMessage + " and " + maxQueued);
      }
    }
  }

  private final Form<T> form;
  private final Supplier<WireClient> client;
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReentrantLock sending = new ReentrantLock();

  /** @param client the connection to send on, as it is when a batch goes out (it may have been replaced) */
  public MessageBatch(Form<T> form, Supplier<WireClient> client) {
    this.form = form;
    this.client = client;
  }

  /**
   * Queues {@code item} on {@code c}'s connection. While that connection is down the item is sent
   * at once instead (which reconnects, or throws as a one-way send does), so a caller learns then,
   * not later, that the peer cannot be reached.
   */
  public void add(T item, WireClient c) {
    if (!c.connection().isConnected()) {
      sendAll(c); // in order: what is queued before it
      c.sendNow(form.one(), form.oneBody().apply(item));
      return;
    }
    queue.add(item);
    if (queued.incrementAndGet() > form.maxQueued()) {
      sendAll(c);
    }
    if (scheduled.compareAndSet(false, true)) {
      c.connection().execute(this::sendOnLoop);
    }
  }

  /** Whether items wait to be sent. */
  public boolean hasQueued() {
    return queued.get() > 0;
  }

  /**
   * Sends what is queued now on this thread, in order (before a message that must follow them). An
   * event loop thread never waits for another sender here: one that holds the lock may be waiting
   * for this very loop to drain its connection (a backed-up connection); the loop leaves the items
   * to that sender, and a message it sends meanwhile may go ahead of some of them.
   */
  public void sendAll(WireClient c) {
    if (!hasQueued()) {
      return;
    }
    if (EventLoops.onEventLoopThread()) {
      if (!sending.tryLock()) {
        return;
      }
    } else {
      sending.lock();
    }
    try {
      sendQueued(c);
    } finally {
      sending.unlock();
    }
    // A run of the loop that found the lock taken meanwhile left what was added since to us.
    if (hasQueued() && scheduled.compareAndSet(false, true)) {
      c.connection().execute(this::sendOnLoop);
    }
  }

  private void sendOnLoop() {
    scheduled.set(false); // from here on a new item schedules another run, so none is stranded
    if (!sending.tryLock()) {
      return; // a caller is sending; it sends what it finds, and a later add schedules a run
    }
    try {
      sendQueued(client.get());
    } catch (RuntimeException e) {
      log.debug("sending {} failed: {}", form.many().describe(), e.toString());
    } finally {
      sending.unlock();
    }
  }

  /** Holding {@link #sending}. */
  private void sendQueued(WireClient c) {
    while (true) {
      T first = queue.poll();
      if (first == null) {
        return;
      }
      T second = queue.poll();
      if (second == null) {
        queued.decrementAndGet();
        c.sendNow(form.one(), form.oneBody().apply(first));
        continue;
      }
      List<T> items = new ArrayList<>();
      items.add(first);
      items.add(second);
      T next;
      while (items.size() < form.maxPerMessage() && (next = queue.poll()) != null) {
        items.add(next);
      }
      queued.addAndGet(-items.size());
      c.sendNow(form.many(), form.manyBody().apply(items));
    }
  }
}
