package org.miniray.task;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.miniray.id.ActorId;

/**
 * Why a task produced no value: stored in place of its result (encoding {@code ERROR}) so that
 * {@code get} rethrows it. A task that takes a failed result as an argument stores its own error
 * whose {@code cause} is the argument's, so {@code get} shows the chain, as in Ray.
 *
 * @param kind what went wrong
 * @param taskName the task that failed (for {@link Kind#UNRECONSTRUCTABLE}, the lost object)
 * @param where the node it ran on, or null
 * @param className the class of the exception it threw (for {@link Kind#TASK_EXCEPTION})
 * @param message the exception's or the system's message
 * @param stack the remote stack frames
 * @param serializedCause the exception itself in the serializer's format, or null when it
 *     could not be serialized
 * @param pid the process where the error was made
 * @param host that process's host
 * @param actor for {@link Kind#ACTOR_DIED}, the dead actor; otherwise null
 * @param cause the error of the argument that made this task fail, or null
 */
public record TaskError(Kind kind, String taskName, String where, String className, String message,
    List<StackTraceElement> stack, byte[] serializedCause, long pid, String host, ActorId actor, TaskError cause) {

  public enum Kind {
    /** The task's code threw, or an argument it was given was an error ({@code cause}). */
    TASK_EXCEPTION,
    /** The actor that should run the call is dead. */
    ACTOR_DIED,
    /** No node can ever provide the task's resources. */
    INFEASIBLE,
    /** An argument could not be read on the node (a class outside the allowlist, say). */
    SYSTEM,
    /** The object was lost and cannot be made again. */
    UNRECONSTRUCTABLE,
    /** The worker running the task died (an {@code Error} such as {@code OutOfMemoryError}) past its retries. */
    WORKER_DIED
  }

  public TaskError {
    stack = stack == null ? List.of() : List.copyOf(stack);
  }

  /** An error the system made, in this process. */
  public static TaskError system(Kind kind, String taskName, String where, String message) {
    return new TaskError(kind, taskName, where, null, message, List.of(), null, Here.PID, Here.HOST, null, null);
  }

  /** What the task's code threw, described in this process. */
  public static TaskError thrown(String taskName, String where, Throwable t, List<StackTraceElement> stack,
      byte[] serializedCause) {
    return new TaskError(Kind.TASK_EXCEPTION, taskName, where, t.getClass().getName(), t.getMessage(), stack,
        serializedCause, Here.PID, Here.HOST, null, null);
  }

  /** Call {@code taskName} cannot run: {@code actor} is dead. */
  public static TaskError actorDied(String taskName, String where, ActorId actor, String message) {
    return new TaskError(Kind.ACTOR_DIED, taskName, where, null, message, List.of(), null, Here.PID, Here.HOST, actor,
        null);
  }

  /** Task {@code taskName} did not run: an argument of it is the error {@code input}. */
  public static TaskError inputFailed(String taskName, String where, TaskError input) {
    return new TaskError(Kind.TASK_EXCEPTION, taskName, where, input.className(), "an argument of it failed",
        List.of(), null, Here.PID, Here.HOST, null, input);
  }

  /** This process, named once: the host name lookup may be slow. */
  private static final class Here {
    static final long PID = ProcessHandle.current().pid();
    static final String HOST = hostName();

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }
  }
}
