package org.miniray.scheduler.global;

import org.miniray.common.Clock;
import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.transport.Transport;

/** Chooses the {@link GlobalScheduler} named by {@code miniray.scheduler.global}. */
public final class GlobalSchedulers {
  private GlobalSchedulers() {}

  /**
   * What a global scheduler is built from: the GCS, the transport to the nodes it places tasks on,
   * its policy, the clock and its events. A class named by the key may take it in its constructor.
   */
  public record Parts(Gcs gcs, Transport transport, SchedulingPolicy policy, Clock clock, EventRecorder events) {}

  /** Built-in names: {@code policy} ({@link PolicyGlobalScheduler}, infeasibility after {@code miniray.scheduler.infeasible.timeout.ms}). */
  public static ComponentSelector<GlobalScheduler> selector(Parts parts) {
    return new ComponentSelector<>(GlobalScheduler.class, Keys.GLOBAL_SCHEDULER)
        .builtIn("policy", c -> new PolicyGlobalScheduler(parts.gcs(), parts.transport(), parts.policy(),
            parts.clock(), c.get(Keys.INFEASIBLE_TIMEOUT_MS), parts.events()))
        .passing(Parts.class, parts);
  }
}
