package org.miniray.api.exception;

import org.miniray.api.id.ActorId;

/**
 * An actor is dead (killed, ended itself, failed to construct, or lost with no restarts left),
 * so its method cannot run. When its constructor threw, that exception is the cause.
 */
public class RayActorException extends RayException {
  /** The dead actor, as in Ray; null when not known. */
  public ActorId actorId;

  public RayActorException(String message) {
    super(message);
  }

  public RayActorException(String message, Throwable cause) {
    super(message, cause);
  }

  public RayActorException(ActorId actorId, String message, Throwable cause) {
    super(message, cause);
    this.actorId = actorId;
  }
}
