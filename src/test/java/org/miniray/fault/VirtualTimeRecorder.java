package org.miniray.fault;

import java.util.List;
import java.util.function.LongSupplier;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;

/**
 * The recorder a deterministic run ({@link LineageSimulation}, {@link ActorCheckpointSimulation})
 * hands the code it drives: every event goes into the run's one list, on the run's virtual clock,
 * under a fixed thread name (the test thread's name differs between runners, and would make two
 * runs of one seed differ).
 */
final class VirtualTimeRecorder implements EventRecorder {
  private final String node;
  private final String thread;
  private final List<Event> events;
  private final LongSupplier now;

  VirtualTimeRecorder(String node, String thread, List<Event> events, LongSupplier now) {
    this.node = node;
    this.thread = thread;
    this.events = events;
    this.now = now;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void record(Event e) {
    events.add(new Event(e.nanos(), e.node(), thread, e.kind(), e.task(), e.object(), e.actor(), e.bytes(), e.peer(),
        e.detail(), e.spec()));
  }

  @Override
  public List<Event> snapshot() {
    return List.copyOf(events);
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public long nanoTime() {
    return now.getAsLong();
  }
}
