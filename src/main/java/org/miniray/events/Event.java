package org.miniray.events;

import org.miniray.id.ActorId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;

/**
 * One thing that happened on a node. Fields that do not apply to a kind are null (or 0 for
 * {@code bytes}).
 *
 * @param nanos when, from the cluster's {@link org.miniray.common.Clock} (only differences mean anything)
 * @param node the node it happened on ({@code global-scheduler} for the global scheduler)
 * @param thread the thread that recorded it (a worker thread for task execution)
 * @param kind what happened
 * @param task the task concerned, or null
 * @param object the object concerned, or null
 * @param actor the actor concerned, or null
 * @param bytes the object's or inputs' size, when known
 * @param peer the other node: where a task was placed, where an object came from
 * @param detail why (forwarding reason, error message) or how (the scheduling policy's name)
 * @param spec the task's spec for task events; the graph of a job is built from these
 */
public record Event(long nanos, String node, String thread, Kind kind, TaskId task, ObjectId object,
    ActorId actor, long bytes, String peer, String detail, TaskSpec spec) {

  /** What happened, in the order of the life of a task (paper figure 7) and then the rest. */
  public enum Kind {
    /** A driver or task submitted the task to its node. */
    TASK_SUBMITTED,
    /** The local scheduler passed it to the global scheduler; {@code detail} says why. */
    TASK_FORWARDED,
    /** The global scheduler placed it on {@code peer}; {@code detail} names the policy. */
    TASK_SCHEDULED,
    /** Its object arguments are in the local store after some had to be waited for; {@code bytes} in all. */
    INPUTS_PULLED,
    /** A worker thread began to run it. */
    TASK_STARTED,
    /** Its worker thread is done with it (after {@link #TASK_FAILED} when it failed). */
    TASK_FINISHED,
    /** It produced an error instead of a value; {@code detail} says which. */
    TASK_FAILED,
    /** It is tried again after a failed attempt (fault tolerance, later). */
    TASK_RETRIED,
    /** It runs again to rebuild a lost object from lineage (fault tolerance, later). */
    TASK_RECONSTRUCTED,
    /** A primary copy was stored here (a task's result or a {@code put}). */
    OBJECT_CREATED,
    /** A copy was pulled here from {@code peer}. */
    OBJECT_TRANSFERRED,
    /** The store evicted a secondary copy. */
    OBJECT_EVICTED,
    /** An actor was built here. */
    ACTOR_CREATED,
    /** An actor was rebuilt after its node died (later). */
    ACTOR_RESTARTED,
    /** An actor saved a checkpoint (later). */
    ACTOR_CHECKPOINTED,
    /** The node joined the cluster. */
    NODE_JOINED,
    /** The node left the cluster; {@code detail} says why. */
    NODE_DIED
  }

  /** The task's display name, if this event concerns a task. */
  public String taskName() {
    return spec != null ? spec.name() : task != null ? task.toString() : null;
  }
}
