package org.miniray.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.miniray.api.function.RayFunc;
import org.miniray.api.options.ActorCreationOptions;

/** An actor being set up: set options, then {@link #remote()} creates it. */
public final class ActorCreator<A> {
  private final RayFunc func;
  private final Object[] args;
  private String name;
  private final Map<String, Double> resources = new LinkedHashMap<>();
  private int maxRestarts = ActorCreationOptions.DEFAULT_MAX_RESTARTS;

  ActorCreator(RayFunc func, Object[] args) {
    this.func = func;
    this.args = args;
  }

  /** Registers the actor under a name that {@link Ray#getActor(String)} finds. */
  public ActorCreator<A> setName(String name) {
    this.name = name;
    return this;
  }

  /** Resources the actor holds for its whole life ("CPU", "GPU" or custom). */
  public ActorCreator<A> setResource(String name, Double value) {
    resources.put(name, value);
    return this;
  }

  public ActorCreator<A> setResources(Map<String, Double> resources) {
    this.resources.putAll(resources);
    return this;
  }

  /** How often the actor is restarted after its node dies (0, as in Ray, means never). */
  public ActorCreator<A> setMaxRestarts(int maxRestarts) {
    this.maxRestarts = maxRestarts;
    return this;
  }

  /** Creates the actor; returns at once with its handle. */
  @SuppressWarnings("unchecked")
  public ActorHandle<A> remote() {
    return (ActorHandle<A>) Ray.runtime().createActor(func, args,
        new ActorCreationOptions(name, resources, maxRestarts));
  }
}
