package org.miniray.runtime;

import java.lang.reflect.InvocationTargetException;
import org.miniray.config.ConfigException;
import org.miniray.config.MinirayConfig;

/**
 * Joins a cluster of processes as a driver. The cluster's composition root lives in
 * {@code org.miniray.cluster}, which depends on this package; it is reached by name so that the
 * two packages do not form a cycle.
 */
final class DriverConnector {
  private static final String CONNECTOR = "org.miniray.cluster.Drivers";

  private DriverConnector() {}

  static Deployment connect(MinirayConfig config, String address) {
    try {
      return (Deployment) Class.forName(CONNECTOR).getMethod("connect", MinirayConfig.class, String.class)
          .invoke(null, config, address);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot join the cluster at " + address + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigException("cannot join the cluster at " + address + ": " + CONNECTOR + " is missing", e);
    }
  }
}
