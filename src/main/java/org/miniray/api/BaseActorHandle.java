package org.miniray.api;

import org.miniray.api.id.ActorId;

/** What every actor handle can do, whatever the actor's class. */
public interface BaseActorHandle {

  /** The actor's id. */
  ActorId getId();

  /**
   * Stops the actor: calls not yet run fail with {@code RayActorException}, and it is not
   * restarted. The same as {@code kill(true)}.
   */
  void kill();
}
