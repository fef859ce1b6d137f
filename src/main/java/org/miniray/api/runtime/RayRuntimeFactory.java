package org.miniray.api.runtime;

import java.util.Map;

/** Creates the runtime {@code Ray.init} uses; found through {@link java.util.ServiceLoader}. */
public interface RayRuntimeFactory {
  /** Starts a runtime with these configuration values (they win over system properties and files). */
  RayRuntime create(Map<String, String> config);
}
