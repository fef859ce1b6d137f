package org.miniray.gcs;

/** An actor's life: created, running on a node, being restarted after a failure, or gone for good. */
public enum ActorState {
  PENDING,
  ALIVE,
  RESTARTING,
  DEAD
}
