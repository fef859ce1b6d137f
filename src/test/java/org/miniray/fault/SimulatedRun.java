package org.miniray.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.miniray.events.Event;

/**
 * What a run of a deterministic simulation ({@link LineageSimulation}, {@link ActorCheckpointSimulation})
 * shows, and the check both make that a seed replays it: the same example run twice gives the same
 * events and the same results.
 */
interface SimulatedRun {
  List<Event> events();

  /** What the driver got, in order. */
  List<?> got();

  int delayed();

  int dropped();

  /**
   * Asserts that {@code second} (a run of the same example as {@code first}) did exactly what
   * {@code first} did, that {@code first} had a {@code faultSeen} event, and that a clean network
   * ({@code network} 0) delayed and dropped nothing; counts {@code first}'s delays and drops.
   */
  static void assertSameRun(SimulatedRun first, SimulatedRun second, Event.Kind faultSeen, int network,
      AtomicInteger delayed, AtomicInteger dropped) {
    assertThat(second.events().stream().map(Event::toString).toList()).as("the second run's events")
        .isEqualTo(first.events().stream().map(Event::toString).toList());
    assertThat(second.got()).as("what the second run's driver got").isEqualTo(first.got());
    assertThat(first.events()).as("events of a run with a fault").anyMatch(e -> e.kind() == faultSeen);
    if (network == 0) {
      assertThat(first.delayed() + first.dropped()).as("messages delayed or dropped on a clean network").isZero();
    }
    delayed.addAndGet(first.delayed());
    dropped.addAndGet(first.dropped());
  }
}
