package org.miniray.lineage;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.Serializer;

/** Chooses the {@link LineageReplayer} named by {@code miniray.lineage}. */
public final class LineageReplayers {
  private LineageReplayers() {}

  /** What a lineage replayer is built from; a class named by the key may take it in its constructor. */
  public record Parts(Gcs gcs, GlobalScheduler global, Serializer serializer, EventRecorder events) {}

  /**
   * Built-in names: {@code task-table} ({@link TaskTableLineageReplayer}) and {@code none}
   * ({@link LineageReplayer#NONE}: nothing is rebuilt or retried, and no node fences itself).
   */
  public static ComponentSelector<LineageReplayer> selector(Parts parts) {
    return new ComponentSelector<>(LineageReplayer.class, Keys.LINEAGE)
        .builtIn("task-table", c -> new TaskTableLineageReplayer(parts.gcs(), parts.global(), parts.serializer(),
            parts.events()))
        .builtIn("none", c -> LineageReplayer.NONE)
        .passing(Parts.class, parts);
  }
}
