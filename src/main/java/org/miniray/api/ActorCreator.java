package org.miniray.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miniray.api.function.RayFunc;
import org.miniray.api.options.ActorCreationOptions;
import org.miniray.api.options.ActorLifetime;

/** An actor being set up: set options, then {@link #remote()} creates it. */
public final class ActorCreator<A> {
  private final RayFunc func;
  private final Object[] args;
  private String name;
  private final Map<String, Double> resources = new LinkedHashMap<>();
  private int maxRestarts = ActorCreationOptions.DEFAULT_MAX_RESTARTS;
  private int maxConcurrency = 1;
  private List<String> jvmOptions = List.of();
  private ActorLifetime lifetime = ActorLifetime.NON_DETACHED;

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

  /**
   * How often the actor is restarted after its node dies: 0 ({@code ActorCreationOptions.NO_RESTART},
   * the default, as in Ray) means never, {@code ActorCreationOptions.INFINITE_RESTART} (-1) always.
   * A value below -1 is refused here.
   */
  public ActorCreator<A> setMaxRestarts(int maxRestarts) {
    if (maxRestarts < ActorCreationOptions.INFINITE_RESTART) {
      throw new IllegalArgumentException("setMaxRestarts(" + maxRestarts + "): a count of restarts is 0 or more, or"
          + " ActorCreationOptions.INFINITE_RESTART (-1)");
    }
    this.maxRestarts = maxRestarts;
    return this;
  }

  /**
   * How many of the actor's calls may run at once, on as many threads (Ray's threaded actors): 1
   * (the default) runs them one at a time in order. Calls still start in the order they were
   * admitted; the actor's code must then be thread-safe. Such an actor cannot also be restarted.
   */
  public ActorCreator<A> setMaxConcurrency(int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("setMaxConcurrency(" + maxConcurrency + "): at least 1 call must be able to"
          + " run");
    }
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /**
   * JVM options for the actor's worker process, as in Ray. Recorded and checked (each must
   * start with {@code -}), but not applied: miniray runs actors on threads of their node's JVM,
   * even with {@code --worker-mode process}; give a node's JVM options with
   * {@code MINIRAY_JVM_OPTS} when it starts.
   */
  public ActorCreator<A> setJvmOptions(List<String> jvmOptions) {
    for (String o : jvmOptions) {
      if (o == null || !o.startsWith("-")) {
        throw new IllegalArgumentException("setJvmOptions: '" + o + "' is not a JVM option (they start with -)");
      }
    }
    this.jvmOptions = List.copyOf(jvmOptions);
    return this;
  }

  /** The JVM options given with {@link #setJvmOptions}; not applied (see there). */
  public List<String> getJvmOptions() {
    return jvmOptions;
  }

  /**
   * {@link ActorLifetime#DETACHED}: the actor outlives its job (until killed), as in Ray; by default
   * ({@link ActorLifetime#NON_DETACHED}) it is killed when its job ends.
   */
  public ActorCreator<A> setLifetime(ActorLifetime lifetime) {
    if (lifetime == null) {
      throw new IllegalArgumentException("setLifetime(null): give ActorLifetime.DETACHED or NON_DETACHED");
    }
    this.lifetime = lifetime;
    return this;
  }

  /** Creates the actor; returns at once with its handle. */
  @SuppressWarnings("unchecked")
  public ActorHandle<A> remote() {
    return (ActorHandle<A>) Ray.runtime().createActor(func, args,
        new ActorCreationOptions(name, resources, maxRestarts, maxConcurrency, lifetime));
  }
}
