package org.miniray.gcs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * Task specs and status: the lineage from which lost objects are rebuilt. A task is added
 * before any of its outputs is published, so lineage never points at nothing.
 */
public interface TaskTable {

  /** Adds a task as {@code SUBMITTED}; adding the same id again keeps the first spec. */
  CompletableFuture<Void> add(TaskSpec spec);

  /**
   * Adds a task already at {@code status} on {@code node} (null when not on a node), as {@link #add}
   * then {@link #updateStatus} would, in one write: a row that exists keeps its first spec and moves
   * to {@code status}, counting an attempt as {@code updateStatus} does. This is how the head records
   * a driver's task, whose submit carries its row, with the status the head gives it (kept here,
   * {@code SCHEDULED}; handed to the global scheduler, {@code FORWARDED}). By default the two
   * writes, appended in that order.
   */
  default CompletableFuture<Void> add(TaskSpec spec, TaskStatus status, NodeId node) {
    add(spec).exceptionally(t -> null); // its failure is the update's: the row is not there
    return updateStatus(spec.taskId(), status, node);
  }

  /**
   * Moves a known task to {@code status} on {@code node} (null when not on a node); any status
   * may follow any other (a finished task runs again when its output is lost). For an id never
   * added, the future fails with an {@link IllegalArgumentException} naming the id.
   */
  CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node);

  /**
   * Spends one of a known task's retries and records the task on its way to a global scheduler, in
   * one atomic step: if the row's {@link TaskEntry#retries()} is below {@code maxRetries}, adds one
   * to it and moves the task to {@code FORWARDED} with no node, and completes with true; otherwise
   * changes nothing and completes with false. This is how lineage runs a task again (a lost result, a failed
   * attempt): the budget is checked and spent against the row itself, so two callers at once, or a
   * head and the head started after it, never spend the same retry. For an id never added, the
   * future fails with an {@link IllegalArgumentException} naming the id.
   */
  CompletableFuture<Boolean> retry(TaskId id, int maxRetries);

  /**
   * Drops the rows of {@code ids}: tasks whose returns no live ref can reach, so lineage can never
   * need them again (their owner's reference counter forgot them). An id with no row changes nothing.
   */
  CompletableFuture<Void> forget(Collection<TaskId> ids);

  CompletableFuture<Optional<TaskEntry>> lookup(TaskId id);

  Subscription subscribe(TaskId id, Consumer<TaskEntry> listener);

  /**
   * Every row whose status is {@code status} now, in no particular order: how a restarted
   * scheduler finds the tasks it must take back (paper section 4.2.1: every component but the
   * GCS is stateless). The answer includes every write this client made before the call (its
   * future completed or not); another client's writes once they reached this one. A scan of the
   * whole table, meant for restarts, not for every task.
   */
  CompletableFuture<List<TaskEntry>> entries(TaskStatus status);
}
