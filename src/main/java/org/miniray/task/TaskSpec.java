package org.miniray.task;

import java.util.List;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/**
 * Everything needed to run a task, and to run it again from lineage. Immutable.
 *
 * @param taskId deterministic id (parent id + submission index)
 * @param jobId the job it belongs to
 * @param parentTaskId the task (or driver) that submitted it: a control edge
 * @param kind normal task, actor creation or actor method
 * @param function the code to run
 * @param args values and object references, in parameter order
 * @param resources what it needs while it runs (CPU, GPU, custom)
 * @param name a display name (the function's unless set)
 * @param ownerNode the node of the submitter, which keeps the task's {@code put} objects and is
 *     told when the task cannot run at all
 * @param actorId the actor for actor tasks, else {@code null}
 * @param callerId for actor methods, the task that called (its calls are ordered), else null
 * @param sequenceNumber for actor methods, the call's position among the caller's calls to the
 *     actor (from 0), else 0: a stateful edge of the graph
 * @param maxRetries how often a failed attempt is tried again (lab 3 and the fault issue)
 * @param maxRestarts for actor creation: how often the actor is restarted after its node dies
 * @param maxConcurrency for actor creation: how many of its calls may run at once (1: serial)
 */
public record TaskSpec(
    TaskId taskId,
    JobId jobId,
    TaskId parentTaskId,
    TaskKind kind,
    FunctionDescriptor function,
    List<TaskArg> args,
    ResourceSet resources,
    String name,
    NodeId ownerNode,
    ActorId actorId,
    TaskId callerId,
    long sequenceNumber,
    int maxRetries,
    int maxRestarts,
    int maxConcurrency) {

  public TaskSpec {
    if (taskId == null || jobId == null || kind == null || function == null || resources == null
        || ownerNode == null) {
      throw new IllegalArgumentException("a task spec needs its id, job, kind, function, resources and owner");
    }
    if ((kind == TaskKind.NORMAL) != (actorId == null)) {
      throw new IllegalArgumentException(kind + " task " + taskId + (actorId == null ? " needs" : " takes no") + " actor id");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("task " + taskId + ": maxConcurrency is at least 1, got " + maxConcurrency);
    }
    args = List.copyOf(args);
    if (name == null || name.isBlank()) {
      name = function.displayName();
    }
  }

  /** A spec whose calls, if it creates an actor, run one at a time. */
  public TaskSpec(TaskId taskId, JobId jobId, TaskId parentTaskId, TaskKind kind, FunctionDescriptor function,
      List<TaskArg> args, ResourceSet resources, String name, NodeId ownerNode, ActorId actorId, TaskId callerId,
      long sequenceNumber, int maxRetries, int maxRestarts) {
    this(taskId, jobId, parentTaskId, kind, function, args, resources, name, ownerNode, actorId, callerId,
        sequenceNumber, maxRetries, maxRestarts, 1);
  }

  /** The id of the single object the task returns (miniray tasks return one value). */
  public ObjectId returnId() {
    return taskId.returnId(1);
  }

  @Override
  public String toString() {
    return name + "[" + taskId + (actorId == null ? "" : " on " + actorId + " #" + sequenceNumber) + "]";
  }
}
