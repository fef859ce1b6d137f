package org.miniray.api.options;

/** How long an actor lives, as in Ray: with its job (the default), or until it is killed. */
public enum ActorLifetime {
  /** Killed when its job ends: its driver shuts down, exits, or is declared dead. */
  NON_DETACHED,
  /** Outlives its job; it ends only when killed (or with no restarts left when its node dies). */
  DETACHED
}
