package org.miniray.api.exception;

/**
 * The worker running a task died while it ran (an {@code Error} such as
 * {@code OutOfMemoryError} in thread mode; the worker process exited or crashed in process
 * mode), every retry too; the task's own code did not throw.
 */
public class RayWorkerException extends RayException {
  public RayWorkerException(String message) {
    super(message);
  }
}
