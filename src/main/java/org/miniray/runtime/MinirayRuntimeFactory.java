package org.miniray.runtime;

import java.util.Map;
import org.miniray.api.runtime.RayRuntime;
import org.miniray.api.runtime.RayRuntimeFactory;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;

/**
 * Found by {@code Ray.init} through {@link java.util.ServiceLoader}: starts an embedded cluster,
 * or, when {@code miniray.address} names a head, joins that cluster as a driver.
 */
public final class MinirayRuntimeFactory implements RayRuntimeFactory {
  @Override
  public RayRuntime create(Map<String, String> config) {
    MinirayConfig c = MinirayConfig.load(config);
    String address = c.get(Keys.ADDRESS).trim();
    if (address.isEmpty()) {
      return new MinirayRuntime(new EmbeddedCluster(c));
    }
    return new MinirayRuntime(DriverConnector.connect(c, address));
  }
}
