package org.miniray.scheduler.global;

import org.miniray.task.TaskSpec;

/** Places tasks that a node could not, or would rather not, run itself. */
public interface GlobalScheduler extends AutoCloseable {

  /**
   * Finds a node for {@code spec} and hands it over. Returns at once. A task no node can ever
   * run waits for a node that can to join, and fails with an {@code INFEASIBLE} error after the
   * configured timeout.
   */
  void schedule(TaskSpec spec);

  @Override
  void close();
}
