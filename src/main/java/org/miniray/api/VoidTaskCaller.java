package org.miniray.api;

import org.miniray.api.function.RayFunc;

/** A call of a task that returns nothing: set options, then {@link #remote()} submits it. */
public final class VoidTaskCaller extends BaseTaskCaller<VoidTaskCaller> {
  VoidTaskCaller(RayFunc func, Object[] args) {
    super(func, args);
  }

  public void remote() {
    Ray.runtime().call(func, args, options());
  }
}
