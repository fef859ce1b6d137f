package org.miniray.gcs.remote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.Protocol.Message;

/**
 * The one-way messages that went out to the head lately, each with when it went: a head that dies
 * may have taken some without making them durable (a task's row waiting for its GCS batch, a
 * driver's task not yet queued), and they are sent again to the head that answers next ({@link
 * HeadRetries#sendAgain}). It keeps those of the last {@code windowMs} before the latest, and at
 * most about {@code maxBytes} of them (a task's spec counts its inline arguments), so a loop of
 * tasks with large arguments does not pile them up on the heap.
 */
final class RecentSends {
  /** A message that went out at {@code millis}; {@code bytes}, about what it holds. */
  record Sent(long millis, Message message, Object body, long bytes) {}

  private final long windowMs;
  private final long maxBytes;
  private final ArrayDeque<Sent> sent = new ArrayDeque<>(); // guarded by this, oldest first
  private long bytes; // guarded by this

  RecentSends(long windowMs, long maxBytes) {
    if (windowMs < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("a window of " + windowMs + " ms and " + maxBytes + " bytes: neither may be"
          + " negative");
    }
    this.windowMs = windowMs;
    this.maxBytes = maxBytes;
  }

  synchronized void record(long millis, Message message, Object body) {
    Sent s = new Sent(millis, message, body, sizeOf(body));
    sent.addLast(s);
    bytes += s.bytes();
    Sent oldest;
    while ((oldest = sent.peekFirst()) != null && (oldest.millis() < millis - windowMs || bytes > maxBytes)) {
      bytes -= sent.removeFirst().bytes();
    }
  }

  /** The messages kept that went out from {@code fromMillis} to {@code toMillis}, in the order sent. */
  synchronized List<Sent> between(long fromMillis, long toMillis) {
    List<Sent> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.millis() >= fromMillis && s.millis() <= toMillis) {
        out.add(s);
      }
    }
    return out;
  }

  private static long sizeOf(Object body) {
    long size = 64;
    if (body instanceof TaskSpec spec) {
      size += 256;
      for (TaskArg a : spec.args()) {
        if (a instanceof TaskArg.ByValue v) {
          size += v.bytes().length;
        }
      }
    }
    return size;
  }
}
