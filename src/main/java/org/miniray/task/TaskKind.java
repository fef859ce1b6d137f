package org.miniray.task;

/** What a task is for. Actor tasks run on their actor's node, one at a time. */
public enum TaskKind {
  /** A stateless remote function call. */
  NORMAL,
  /** Constructs an actor; its node then hosts the actor. */
  ACTOR_CREATION,
  /** Calls a method of an actor; ordered after the caller's previous calls to it. */
  ACTOR_METHOD
}
