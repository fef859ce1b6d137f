package org.miniray.api;

import org.miniray.api.function.RayFunc;

/** An actor method call being set up: set options, then {@link #remote()} submits it. */
public final class ActorTaskCaller<R> extends BaseTaskCaller<ActorTaskCaller<R>> {
  private final BaseActorHandle actor;

  ActorTaskCaller(BaseActorHandle actor, RayFunc func, Object[] args) {
    super(func, args);
    this.actor = actor;
  }

  @SuppressWarnings("unchecked")
  public ObjectRef<R> remote() {
    return (ObjectRef<R>) Ray.runtime().callActor(actor, func, args, options());
  }
}
