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
  default void kill() {
    kill(true);
  }

  /**
   * Stops the actor. With {@code noRestart} true, as {@link #kill()}. With false, an actor that
   * has restarts left ({@code setMaxRestarts}) is restarted as if its node had died, counting one
   * restart: it restores its last checkpoint and replays the calls it logged after it, and calls
   * not yet run wait for it and then run; one with no restarts left is stopped for good. An actor
   * not placed yet, or already restarting, is left alone.
   */
  void kill(boolean noRestart);
}
