package org.miniray.api.exception;

import java.util.List;

/**
 * A task threw, and {@code get} rethrows it here. It names the task and where it ran, and keeps
 * the remote exception's class, message and stack: the cause is the remote exception itself
 * when its class can be loaded here and is allowed to be deserialized, and otherwise a
 * {@link RemoteError} that prints the same class name, message and frames. A task that did not
 * run because an argument of it failed throws one whose cause is the argument's exception (a
 * {@code RayTaskException}, {@code RayActorException}...), as in Ray.
 */
public class RayTaskException extends RayException {
  private final String taskName;
  private final Origin origin;
  private final String remoteClassName;
  private final String remoteMessage;

  /**
   * Where a task failed: the node, and the process and host that ran it (pid -1 and host null
   * when not known).
   */
  public record Origin(String node, long pid, String host) {
    @Override
    public String toString() {
      return (node == null ? "" : " on " + node) + (pid < 0 ? "" : " (pid=" + pid + ", host=" + host + ")");
    }
  }

  public RayTaskException(String taskName, String where, String remoteClassName, String remoteMessage,
      Throwable cause) {
    this(taskName, new Origin(where, -1, null), remoteClassName, remoteMessage, cause);
  }

  public RayTaskException(String taskName, Origin origin, String remoteClassName, String remoteMessage,
      Throwable cause) {
    super("task " + taskName + " failed" + origin + ": " + remoteClassName
        + (remoteMessage == null ? "" : ": " + remoteMessage), cause);
    this.taskName = taskName;
    this.origin = origin;
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
  }

  /** The id of the process that ran the task, or -1. */
  public long getPid() {
    return origin.pid();
  }

  /** The host of that process, or null. */
  public String getHost() {
    return origin.host();
  }

  /** The node that ran the task, or null. */
  public String getNode() {
    return origin.node();
  }

  /** The name of the task that threw. */
  public String getTaskName() {
    return taskName;
  }

  /** The class of the exception the task threw, for example {@code java.lang.IllegalStateException}. */
  public String getRemoteClassName() {
    return remoteClassName;
  }

  public String getRemoteMessage() {
    return remoteMessage;
  }

  /**
   * Stands in for a remote exception whose class cannot be recreated here; prints as the
   * original would ({@code class: message} and its frames).
   */
  public static final class RemoteError extends RuntimeException {
    private final String className;

    public RemoteError(String className, String message, List<StackTraceElement> stack, Throwable cause) {
      super(message, cause);
      this.className = className;
      setStackTrace(stack.toArray(new StackTraceElement[0]));
    }

    public String getClassName() {
      return className;
    }

    @Override
    public String toString() {
      String m = getLocalizedMessage();
      return m == null ? className : className + ": " + m;
    }
  }
}
