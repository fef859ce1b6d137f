package org.miniray.scheduler.global;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.miniray.gcs.TaskTable;
import org.miniray.id.JobId;
import org.miniray.task.TaskSpec;

/**
 * Places tasks that a node could not, or would rather not, run itself.
 * {@code GlobalSchedulerContractTest} states the rules every implementation keeps.
 */
public interface GlobalScheduler extends AutoCloseable {

  /**
   * Finds a node for {@code spec} and hands it over. Returns at once. A task no node can ever
   * run waits for a node that can to join, and fails with an {@code INFEASIBLE} error after the
   * configured timeout.
   */
  void schedule(TaskSpec spec);

  /**
   * As {@link #schedule}, for a task whose task-table row is not written yet: a driver's task that
   * the head's node hands on (its submit carries its row). The row is added with the status this
   * scheduler records a task it accepts with, before the task can be placed, so its lineage is in
   * the table before anything can depend on its result. By default {@code rows.add(spec)}, then
   * {@link #schedule} (two writes); {@code PolicyGlobalScheduler} makes it one
   * ({@code add(spec, FORWARDED, null)}).
   */
  default void scheduleNew(TaskSpec spec, TaskTable rows) {
    rows.add(spec).exceptionally(t -> null); // appended before schedule's write; nothing reads it
    schedule(spec);
  }

  /**
   * Job {@code job} ended: its normal tasks held here, not yet handed to a node, are dropped
   * without an error stored for them (nobody waits for them any more). One already on its way to
   * a node is refused there. By default there are none: a scheduler that holds no tasks of its
   * own (one that forwards them to another process's) has nothing to drop.
   */
  default void dropJob(JobId job) {}

  /**
   * Stops scheduling and returns the tasks it had accepted but not yet handed on, so that another
   * replica can place them. Nothing accepted is lost: each task is either returned here or already
   * on its way to a node (or, for a scheduler that forwards to another process's, to that one).
   */
  List<TaskSpec> stop();

  /**
   * For a scheduler started in place of one that stopped (a restart): takes back from the task
   * table the tasks the previous one held, once {@code previousGone} completes. Call it before
   * this scheduler receives tasks. By default there are none: a scheduler that holds no tasks of
   * its own has nothing to take back.
   *
   * @return the tasks taken back
   */
  default CompletableFuture<List<TaskSpec>> recover(CompletionStage<?> previousGone) {
    return CompletableFuture.completedFuture(List.of());
  }

  /** Stops scheduling; tasks not yet placed are dropped. */
  @Override
  default void close() {
    stop();
  }
}
