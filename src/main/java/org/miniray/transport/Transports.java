package org.miniray.transport;

import org.miniray.config.ComponentSelector;
import org.miniray.config.Keys;

/** Chooses the {@link Transport} between the nodes of an embedded cluster, named by {@code miniray.transport}. */
public final class Transports {
  private Transports() {}

  /**
   * Built-in names: {@code in-jvm} ({@link InJvmTransport}). The embedded cluster wraps the one
   * chosen in a {@link FaultyTransport}, so faults are injected whatever it is; a cluster of
   * processes always speaks {@code transport.netty}.
   */
  public static ComponentSelector<Transport> selector() {
    return new ComponentSelector<>(Transport.class, Keys.TRANSPORT).builtIn("in-jvm", c -> new InJvmTransport());
  }
}
