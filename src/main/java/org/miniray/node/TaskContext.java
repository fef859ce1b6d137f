package org.miniray.node;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;

/**
 * The task the current thread runs (or the driver): its node, its id, its actor and GPUs if it
 * has them, and the counters that make its children's ids deterministic (submission index, put
 * index, and per-actor call sequence numbers).
 */
public final class TaskContext {
  private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

  private final Node node;
  private final TaskId taskId;
  private final JobId job;
  private final ActorId actor; // the actor whose constructor or method this is, or null
  private final List<Long> gpuIds;
  private final AtomicLong submissions = new AtomicLong();
  private final AtomicInteger puts = new AtomicInteger();
  private final ConcurrentHashMap<ActorId, AtomicLong> actorCalls = new ConcurrentHashMap<>();

  /** The context of a driver: no actor, no GPUs. */
  public TaskContext(Node node, TaskId taskId, JobId job) {
    this(node, taskId, job, null, List.of());
  }

  /** The context of {@code spec} (a task, an actor's creation or one of its calls) holding {@code gpuIds}. */
  TaskContext(Node node, TaskSpec spec, List<Long> gpuIds) {
    this(node, spec.taskId(), spec.jobId(), spec.actorId(), gpuIds);
  }

  private TaskContext(Node node, TaskId taskId, JobId job, ActorId actor, List<Long> gpuIds) {
    this.node = node;
    this.taskId = taskId;
    this.job = job;
    this.actor = actor;
    this.gpuIds = List.copyOf(gpuIds);
  }

  /** The context of the task this thread runs, or null on a thread that runs no task. */
  public static TaskContext current() {
    return CURRENT.get();
  }

  /** Runs {@code body} as task {@code ctx} on this thread. */
  static void runAs(TaskContext ctx, Runnable body) {
    TaskContext before = CURRENT.get();
    CURRENT.set(ctx);
    try {
      body.run();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }

  public Node node() {
    return node;
  }

  public TaskId taskId() {
    return taskId;
  }

  public JobId job() {
    return job;
  }

  /** The actor whose constructor or method runs in this context, or null. */
  public ActorId actor() {
    return actor;
  }

  /** The ids of the node's GPUs this task or actor holds, from 0. */
  public List<Long> gpuIds() {
    return gpuIds;
  }

  /** The id of this task's next child task. */
  public TaskId nextChildId() {
    return TaskId.forChild(taskId, submissions.incrementAndGet());
  }

  /** The id of this task's next {@code put} object. */
  public ObjectId nextPutId() {
    return ObjectId.forPut(taskId, puts.incrementAndGet());
  }

  /** The sequence number of this task's next call to {@code actor}, from 0. */
  public long nextCallNumber(ActorId actor) {
    return actorCalls.computeIfAbsent(actor, a -> new AtomicLong()).getAndIncrement();
  }
}
