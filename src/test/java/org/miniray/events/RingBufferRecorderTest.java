package org.miniray.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/** The per-node event ring: bounded, newest kept, lossless below capacity, and free when off. */
class RingBufferRecorderTest {
  private final AtomicLong now = new AtomicLong();

  private RingBufferRecorder ring(int capacity) {
    return new RingBufferRecorder("node-0", now::incrementAndGet, capacity);
  }

  private static ObjectId object(int i) {
    return ObjectId.forReturn(TaskId.forChild(TaskId.forDriver(new JobId(1)), i), 1);
  }

  @Test
  void ringKeepsOnlyTheNewestCapacityEvents() {
    RingBufferRecorder r = ring(5);
    for (int i = 1; i <= 12; i++) {
      r.object(Event.Kind.OBJECT_CREATED, object(i), i, null);
    }
    List<Event> kept = r.snapshot();
    assertThat(kept).as("a ring of capacity 5 after 12 events").hasSize(5);
    assertThat(kept).extracting(Event::bytes).as("the oldest are overwritten, the newest kept in order")
        .containsExactly(8L, 9L, 10L, 11L, 12L);
    assertThat(r.recorded()).isEqualTo(12);
  }

  @Test
  void eventsCarryTheirNodeThreadAndClockTime() {
    RingBufferRecorder r = ring(4);
    r.node(Event.Kind.NODE_JOINED, null);
    Event e = r.snapshot().get(0);
    assertThat(e.node()).isEqualTo("node-0");
    assertThat(e.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(e.nanos()).isEqualTo(1);
  }

  @Test
  void disabledRecorderRecordsNothing() {
    RingBufferRecorder r = ring(8);
    r.setEnabled(false);
    r.object(Event.Kind.OBJECT_CREATED, object(1), 1, null);
    r.node(Event.Kind.NODE_JOINED, null);
    assertThat(r.snapshot()).as("events recorded while switched off").isEmpty();
    assertThat(now.get()).as("clock reads by a switched-off recorder").isZero();
    r.setEnabled(true);
    r.node(Event.Kind.NODE_JOINED, null);
    assertThat(r.snapshot()).hasSize(1);

    EventRecorder.OFF.object(Event.Kind.OBJECT_CREATED, object(1), 1, null);
    assertThat(EventRecorder.OFF.enabled()).isFalse();
    assertThat(EventRecorder.OFF.snapshot()).isEmpty();
    assertThat(RingBufferRecorder.forNode("n", now::get, false, 10)).isSameAs(EventRecorder.OFF);
  }

  @Test
  void concurrentWritersLoseNothingBelowCapacity() throws InterruptedException {
    int threads = 8;
    int each = 2_000;
    RingBufferRecorder r = ring(threads * each);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          r.object(Event.Kind.OBJECT_CREATED, object(1), base + i, null);
        }
      });
      w.start();
      writers.add(w);
    }
    go.countDown();
    for (Thread w : writers) {
      w.join();
    }
    Set<Long> seen = new HashSet<>();
    for (Event e : r.snapshot()) {
      seen.add(e.bytes());
    }
    assertThat(seen).as("distinct events kept of %d written by %d threads", threads * each, threads)
        .hasSize(threads * each);
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> ring(0)).hasMessageContaining("at least one");
  }
}
