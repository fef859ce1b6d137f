package org.miniray.api.exception;

/**
 * Thrown by {@code Ray.exitActor()} to end the actor's current call: the runtime catches it, and
 * the call's caller, like every later caller, gets a {@link RayActorException}. Not to be caught
 * by the actor's code.
 */
public class RayIntentionalSystemExitException extends RayException {
  public RayIntentionalSystemExitException(String message) {
    super(message);
  }
}
