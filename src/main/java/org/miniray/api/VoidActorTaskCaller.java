package org.miniray.api;

import org.miniray.api.function.RayFunc;

/** A call of an actor method that returns nothing. */
public final class VoidActorTaskCaller extends BaseTaskCaller<VoidActorTaskCaller> {
  private final BaseActorHandle actor;

  VoidActorTaskCaller(BaseActorHandle actor, RayFunc func, Object[] args) {
    super(func, args);
    this.actor = actor;
  }

  public void remote() {
    Ray.runtime().callActor(actor, func, args, options());
  }
}
