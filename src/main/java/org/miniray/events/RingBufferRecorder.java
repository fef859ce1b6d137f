package org.miniray.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.miniray.common.Clock;

/**
 * Keeps a node's newest {@code capacity} events in a ring, overwriting the oldest.
 *
 * <p>Recording takes no lock: a writer claims the next position with one atomic increment of
 * the cursor and stores its event in that slot, so concurrent writers never collide while
 * fewer than {@code capacity} events are in flight. A {@link #snapshot()} taken while threads
 * are recording may miss the newest few events (claimed but not yet stored); one taken when
 * the node is quiet is exact.
 *
 * <p>It can be switched off and on while it runs; off, it costs one volatile read per event.
 */
public final class RingBufferRecorder implements EventRecorder {
  private final String node;
  private final Clock clock;
  private final AtomicReferenceArray<Event> slots;
  private final AtomicLong cursor = new AtomicLong();
  private volatile boolean enabled = true;

  public RingBufferRecorder(String node, Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("an event ring holds at least one event, got capacity " + capacity);
    }
    this.node = node;
    this.clock = clock;
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  /** A ring for {@code node}, or {@link EventRecorder#OFF} when events are off. */
  public static EventRecorder forNode(String node, Clock clock, boolean enabled, int capacity) {
    return enabled ? new RingBufferRecorder(node, clock, capacity) : OFF;
  }

  public int capacity() {
    return slots.length();
  }

  /** Starts or stops recording; events already kept stay. */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public void record(Event event) {
    if (!enabled) {
      return;
    }
    long at = cursor.getAndIncrement();
    slots.lazySet((int) (at % slots.length()), event); // a snapshot is the only reader; it may come late
  }

  /** How many events were recorded since the start, kept or overwritten. */
  public long recorded() {
    return cursor.get();
  }

  @Override
  public List<Event> snapshot() {
    long end = cursor.get();
    long start = Math.max(0, end - slots.length());
    List<Event> out = new ArrayList<>((int) (end - start));
    for (long i = start; i < end; i++) {
      Event e = slots.get((int) (i % slots.length()));
      if (e != null) {
        out.add(e);
      }
    }
    // Writers store in claim order only roughly; the clock gives the order to show.
    out.sort(Comparator.comparingLong(Event::nanos));
    return out;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }
}
