package org.miniray.api.exception;

import java.util.List;

/**
 * A task threw, and {@code get} rethrows it here. It names the task and where it ran, and keeps
 * the remote exception's class, message and stack: the cause is the remote exception itself
 * when its class can be loaded here and is allowed to be deserialized, and otherwise a
 * {@link RemoteError} that prints the same class name, message and frames.
 */
public class RayTaskException extends RayException {
  private final String taskName;
  private final String remoteClassName;
  private final String remoteMessage;

  public RayTaskException(String taskName, String where, String remoteClassName, String remoteMessage,
      Throwable cause) {
    super("task " + taskName + " failed" + (where == null ? "" : " on " + where) + ": " + remoteClassName
        + (remoteMessage == null ? "" : ": " + remoteMessage), cause);
    this.taskName = taskName;
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
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
