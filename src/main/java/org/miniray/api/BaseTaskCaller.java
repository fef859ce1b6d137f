package org.miniray.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.miniray.api.function.RayFunc;
import org.miniray.api.options.CallOptions;

/** The options every task call takes, shared by the task and actor-method callers. */
abstract class BaseTaskCaller<T extends BaseTaskCaller<T>> {
  final RayFunc func;
  final Object[] args;
  private String name;
  private final Map<String, Double> resources = new LinkedHashMap<>();
  private int maxRetries = CallOptions.DEFAULT_MAX_RETRIES;

  BaseTaskCaller(RayFunc func, Object[] args) {
    this.func = func;
    this.args = args;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** A name shown in errors, the timeline and the dashboard. */
  public T setName(String name) {
    this.name = name;
    return self();
  }

  /** Needs {@code value} of resource {@code name} ("CPU", "GPU" or a custom name) while it runs. */
  public T setResource(String name, Double value) {
    resources.put(name, value);
    return self();
  }

  public T setResources(Map<String, Double> resources) {
    this.resources.putAll(resources);
    return self();
  }

  /** How often a failed attempt (a node lost, a worker crashed) is tried again. */
  public T setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return self();
  }

  CallOptions options() {
    return new CallOptions(name, resources, maxRetries);
  }
}
