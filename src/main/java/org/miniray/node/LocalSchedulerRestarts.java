package org.miniray.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's local scheduler, and its restart from the GCS as after a crash (paper section
 * 4.2.1: every component but the GCS is stateless). Each scheduler made here has a generation;
 * the {@link TaskExecutor} runs only the current generation's dispatches.
 */
final class LocalSchedulerRestarts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalSchedulerRestarts.class);

  private record Rebuild(LocalScheduler scheduler, Set<TaskId> arrived) {}

  private final NodeId id;
  private final TaskTable tasks;
  private final TaskExecutor executor;
  private final IntFunction<LocalScheduler> factory;
  private final Object lock = new Object();
  private volatile LocalScheduler current;
  private volatile Rebuild rebuilding; // set while a new local scheduler reads the task table

  /** @param factory makes the local scheduler of a generation, dispatching to {@code executor} */
  LocalSchedulerRestarts(NodeId id, TaskTable tasks, TaskExecutor executor, IntFunction<LocalScheduler> factory) {
    this.id = id;
    this.tasks = tasks;
    this.executor = executor;
    this.factory = factory;
    this.current = factory.apply(executor.nextGeneration());
  }

  LocalScheduler current() {
    return current;
  }

  /** The local scheduler to hand a new task to; noted if a rebuild is reading the task table now. */
  LocalScheduler schedulerFor(TaskSpec spec) {
    LocalScheduler s = current;
    Rebuild r = rebuilding;
    if (r != null && r.scheduler() == s) {
      r.arrived().add(spec.taskId());
    }
    return s;
  }

  /**
   * Replaces this node's local scheduler by a new one built from the GCS, as a restart after a
   * crash would (paper section 4.2.1: every component but the GCS is stateless). The old one is
   * dropped with its queue and its accounting; nothing is asked of it. The new one
   * <ul>
   *   <li>takes over the tasks running on this node's workers ({@link LocalScheduler#adopt}):
   *       they keep running, their resources stay taken, and each gives them back once, to the
   *       new scheduler, when it finishes;
   *   <li>queues again every task the task table puts here that has not started: {@code
   *       SCHEDULED} on this node, or {@code SUBMITTED} by this node (kept here: the global scheduler
   *       records {@code FORWARDED} when it accepts one). Actor calls are not the local scheduler's.
   * </ul>
   * Tasks submitted or placed here meanwhile go to the new one at once and are not queued twice.
   */
  Node.Rebuilt restart() {
    LocalScheduler fresh;
    LocalScheduler old;
    int gen;
    Rebuild rebuild;
    synchronized (lock) {
      gen = executor.nextGeneration(); // from here on, what old dispatches is dropped
      old = current;
      fresh = factory.apply(gen);
      rebuild = new Rebuild(fresh, ConcurrentHashMap.newKeySet());
      rebuilding = rebuild;
      current = fresh;
    }
    old.close();
    // No dispatch of the old generation starts a task from here on, so these are all the tasks
    // that started before the table is read. hasStarted alone would not do: a task whose end
    // becomes durable between the table's read and the check leaves the executor's set while its
    // row as read still says SCHEDULED, and would run again.
    Set<TaskId> startedBefore = executor.startedTasks();
    try {
      int adopted = executor.adoptRunning(fresh, gen);
      CompletableFuture<List<TaskEntry>> placed = tasks.entries(TaskStatus.SCHEDULED);
      CompletableFuture<List<TaskEntry>> kept = tasks.entries(TaskStatus.SUBMITTED);
      List<TaskSpec> queued = new ArrayList<>();
      for (TaskEntry e : placed.join()) {
        if (id.equals(e.node()) && takesBack(e.spec(), rebuild, startedBefore)) {
          fresh.place(e.spec());
          queued.add(e.spec());
        }
      }
      for (TaskEntry e : kept.join()) {
        if (id.equals(e.spec().ownerNode()) && takesBack(e.spec(), rebuild, startedBefore)) {
          fresh.submit(e.spec());
          queued.add(e.spec());
        }
      }
      log.info("{}: a new local scheduler took over {} running tasks and queued {} from the task table", id,
          adopted, queued.size());
      return new Node.Rebuilt(adopted, queued);
    } finally {
      rebuilding = null;
    }
  }

  // A row the new local scheduler must queue: not an actor call, not started here, not already
  // handed to the new scheduler.
  private boolean takesBack(TaskSpec spec, Rebuild rebuild, Set<TaskId> startedBefore) {
    return spec.kind() != TaskKind.ACTOR_METHOD && !startedBefore.contains(spec.taskId())
        && !executor.hasStarted(spec.taskId()) && !rebuild.arrived().contains(spec.taskId());
  }

  @Override
  public void close() {
    current.close();
  }
}
