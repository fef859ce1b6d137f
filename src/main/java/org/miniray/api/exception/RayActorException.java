package org.miniray.api.exception;

/** An actor is dead (killed, failed to construct, or lost with no restarts left), so its method cannot run. */
public class RayActorException extends RayException {
  public RayActorException(String message) {
    super(message);
  }

  public RayActorException(String message, Throwable cause) {
    super(message, cause);
  }
}
