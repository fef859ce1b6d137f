package org.miniray.scheduler.local;

import org.miniray.task.TaskSpec;

/**
 * Where a local scheduler sends a task whose inputs are here and whose resources it has taken:
 * the node's workers. {@code whenDone} gives the resources back; for an actor that holds
 * resources for its life, it is called when the actor dies.
 */
@FunctionalInterface
public interface TaskDispatcher {
  void dispatch(TaskSpec spec, Runnable whenDone);
}
