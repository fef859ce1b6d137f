package org.miniray.scheduler.local;

import org.miniray.common.Clock;
import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.events.EventRecorder;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.task.ResourceSet;

/** Chooses the {@link LocalScheduler} named by {@code miniray.scheduler.local}. */
public final class LocalSchedulers {
  private LocalSchedulers() {}

  /**
   * What a node's local scheduler is built from: the node's resources, what fetches a task's
   * inputs and what runs it there, where it forwards tasks, the clock and the node's events. A
   * class named by the key may take it in its constructor.
   */
  public record Parts(ResourceSet total, InputFetcher inputs, TaskDispatcher dispatcher, GlobalScheduler global,
      Clock clock, EventRecorder events) {}

  /** Built-in names: {@code bottom-up} ({@link BottomUpLocalScheduler}, threshold {@code miniray.scheduler.local.queue.threshold}). */
  public static ComponentSelector<LocalScheduler> selector(Parts parts) {
    return new ComponentSelector<>(LocalScheduler.class, Keys.LOCAL_SCHEDULER)
        .builtIn("bottom-up", c -> new BottomUpLocalScheduler(parts, c.get(Keys.FORWARD_THRESHOLD)))
        .passing(Parts.class, parts);
  }
}
