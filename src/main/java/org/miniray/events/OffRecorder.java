package org.miniray.events;

import java.util.List;

/** {@link EventRecorder#OFF}: keeps nothing, and says so before anyone builds an event. */
final class OffRecorder implements EventRecorder {
  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public void record(Event event) {}

  @Override
  public List<Event> snapshot() {
    return List.of();
  }

  @Override
  public String node() {
    return "off";
  }

  @Override
  public long nanoTime() {
    return 0;
  }
}
