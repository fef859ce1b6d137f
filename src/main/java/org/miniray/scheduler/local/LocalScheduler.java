package org.miniray.scheduler.local;

import org.miniray.id.JobId;
import org.miniray.id.TaskId;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskSpec;

/**
 * One node's scheduler. Thread-safe; every method returns promptly.
 *
 * <p>Tasks given to {@link #submit} or {@link #place} run at most once each here; their
 * resources are taken when they start and given back when they finish.
 */
public interface LocalScheduler extends AutoCloseable {

  /** A task submitted by a caller on this node: run it here or forward it to the global scheduler. */
  void submit(TaskSpec spec);

  /** A task the global scheduler placed on this node: run it here. */
  void place(TaskSpec spec);

  /**
   * Takes over a task that a previous local scheduler of this node started and that still runs,
   * when this one replaces it (a restart: paper section 4.2.1, every component but the GCS is
   * stateless). Its resources count as taken from now on, its CPUs as lent if it is blocked in
   * {@code get}. Returns what to run, once, when the task finishes: that gives them back.
   */
  Runnable adopt(TaskSpec spec, boolean blocked);

  /** The running task {@code id} blocks in {@code get} or {@code wait}: its CPUs may run others. */
  void workerBlocked(TaskId id);

  /** The task {@code id} runs again and takes its CPUs back (even if that oversubscribes for a while). */
  void workerUnblocked(TaskId id);

  /**
   * Job {@code job} ended: drops its normal tasks queued here that have not started (an actor's
   * creation may outlive its job: a detached actor's, or its restart's), without running
   * them or storing anything for them (nobody waits for them any more). Tasks of it still
   * fetching their inputs are not dropped here: their fetches fail, and the node refuses to start
   * them ({@code node.EndedJobs}). Returns how many it dropped.
   */
  int dropJob(JobId job);

  /** Tasks accepted here that have not started. */
  int queueLength();

  /** Resources free now. */
  ResourceSet available();

  ResourceSet total();

  /** Average execution time of the tasks finished here, milliseconds. */
  double averageTaskMillis();

  /** How many tasks were forwarded, by reason. */
  ForwardingStats forwardingStats();

  @Override
  void close();
}
