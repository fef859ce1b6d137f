package org.miniray.refcount;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.id.NodeId;

/** Chooses the {@link ReferenceCounter} named by {@code miniray.refcount}. */
public final class ReferenceCounters {
  private ReferenceCounters() {}

  /** What a counter is made from: the process it counts for and what freeing does. */
  public record Parts(NodeId self, ReferenceCounter.Effects effects) {}

  /**
   * Built-in names: {@code owner} ({@link OwnerReferenceCounter}, the default) and {@code none}
   * ({@link KeepAllReferenceCounter}); a class named instead is given the {@link Parts}.
   */
  public static ComponentSelector<ReferenceCounter> selector(Parts parts) {
    return new ComponentSelector<>(ReferenceCounter.class, Keys.REFCOUNT)
        .builtIn("owner", c -> new OwnerReferenceCounter(parts.self(), parts.effects()))
        .builtIn("none", c -> new KeepAllReferenceCounter(parts.self()))
        .passing(Parts.class, parts);
  }

  /** The counter {@code config} names, for process {@code self}. */
  public static ReferenceCounter create(MinirayConfig config, NodeId self, ReferenceCounter.Effects effects) {
    return selector(new Parts(self, effects)).create(config);
  }
}
