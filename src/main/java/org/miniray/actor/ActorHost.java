package org.miniray.actor;

import org.miniray.id.ActorId;
import org.miniray.task.TaskSpec;

/**
 * The actors living on one node.
 *
 * <p>Guarantees: an actor runs one method at a time; the calls of one caller run in the order
 * of their sequence numbers (0, 1, 2, ...), whatever order they arrive in; a call waits for its
 * object arguments before it runs, and the calls after it wait too.
 */
public interface ActorHost extends AutoCloseable {

  /** Hosts a newly built actor; {@code release} gives back its resources when it dies. */
  void register(TaskSpec creation, Object instance, Runnable release);

  /** Queues a method call; a call for an actor not hosted here fails with an actor error. */
  void submit(TaskSpec call);

  /** Stops the actor: queued calls fail, and later ones too. */
  void kill(ActorId id, String reason);

  /**
   * Forgets the actor as a dying node would, for a restart: queued calls neither run nor fail,
   * later ones are ignored until it is registered here again. Returns whether it was hosted here.
   */
  boolean drop(ActorId id);

  boolean hosts(ActorId id);

  @Override
  void close();
}
