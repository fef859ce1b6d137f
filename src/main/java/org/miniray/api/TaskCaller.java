package org.miniray.api;

import org.miniray.api.function.RayFunc;

/** A task call being set up: set options, then {@link #remote()} submits it. */
public final class TaskCaller<R> extends BaseTaskCaller<TaskCaller<R>> {
  TaskCaller(RayFunc func, Object[] args) {
    super(func, args);
  }

  /** Submits the task; returns at once with a future of its result. */
  @SuppressWarnings("unchecked")
  public ObjectRef<R> remote() {
    return (ObjectRef<R>) Ray.runtime().call(func, args, options());
  }
}
