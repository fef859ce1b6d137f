package org.miniray.api;

/** What every actor handle can do, whatever the actor's class. */
public interface BaseActorHandle {

  /**
   * Stops the actor: calls not yet run fail with {@code RayActorException}, and it is not
   * restarted.
   */
  void kill();
}
