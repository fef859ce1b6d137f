package org.miniray.runtime;

import java.util.Map;
import org.miniray.api.runtime.RayRuntime;
import org.miniray.api.runtime.RayRuntimeFactory;
import org.miniray.config.MinirayConfig;

/** Found by {@code Ray.init} through {@link java.util.ServiceLoader}: starts an embedded cluster. */
public final class MinirayRuntimeFactory implements RayRuntimeFactory {
  @Override
  public RayRuntime create(Map<String, String> config) {
    return new MinirayRuntime(new EmbeddedCluster(MinirayConfig.load(config)));
  }
}
