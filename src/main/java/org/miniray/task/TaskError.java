package org.miniray.task;

import java.util.List;

/**
 * Why a task produced no value: stored in place of its result (encoding {@code ERROR}) so that
 * {@code get} rethrows it, and passed on unchanged to every task that takes the result as an
 * argument.
 *
 * @param kind what went wrong
 * @param taskName the task that failed first
 * @param where the node it ran on, or null
 * @param className the class of the exception it threw (for {@link Kind#TASK_EXCEPTION})
 * @param message the exception's or the system's message
 * @param stack the remote stack frames
 * @param serializedCause the exception itself in the serializer's format, or null when it
 *     could not be serialized
 */
public record TaskError(Kind kind, String taskName, String where, String className, String message,
    List<StackTraceElement> stack, byte[] serializedCause) {

  public enum Kind {
    /** The task's code threw. */
    TASK_EXCEPTION,
    /** The actor that should run the call is dead. */
    ACTOR_DIED,
    /** No node can ever provide the task's resources. */
    INFEASIBLE,
    /** An argument could not be read on the node (a class outside the allowlist, say). */
    SYSTEM,
    /** The object was lost and cannot be made again. */
    UNRECONSTRUCTABLE
  }

  public TaskError {
    stack = stack == null ? List.of() : List.copyOf(stack);
  }

  public static TaskError system(Kind kind, String taskName, String where, String message) {
    return new TaskError(kind, taskName, where, null, message, List.of(), null);
  }
}
