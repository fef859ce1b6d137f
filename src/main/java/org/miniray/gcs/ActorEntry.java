package org.miniray.gcs;

import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.task.TaskSpec;

/**
 * The actor table's row.
 *
 * @param name the name it was registered under, as {@code NAMESPACE/NAME} (names are unique per
 *     namespace, as in Ray), or null
 * @param creationSpec the task that creates it (run again to restart it)
 * @param node where it lives now, or null when not placed
 * @param restarts how often it has been restarted
 * @param deathCause why it is dead, or null
 * @param detached whether it outlives its job (Ray's detached lifetime); if not, it is killed when
 *     its job ends
 */
public record ActorEntry(ActorId id, String name, TaskSpec creationSpec, ActorState state, NodeId node,
    int restarts, String deathCause, boolean detached) {

  /** An actor that ends with its job (not detached). */
  public ActorEntry(ActorId id, String name, TaskSpec creationSpec, ActorState state, NodeId node, int restarts,
      String deathCause) {
    this(id, name, creationSpec, state, node, restarts, deathCause, false);
  }
  /**
   * The death cause of an actor whose constructor threw: its creation task's result then holds
   * the exception, which callers get as the cause of their {@code RayActorException}.
   */
  public static final String CONSTRUCTOR_FAILED = "its constructor failed";


  public ActorEntry withState(ActorState s, NodeId n, String cause) {
    return new ActorEntry(id, name, creationSpec, s, n, restarts, cause, detached);
  }

  /** The namespace of a named actor, or null. */
  public String namespace() {
    return name == null || name.indexOf('/') < 0 ? null : name.substring(0, name.indexOf('/'));
  }

  /** The name a program gave it, without its namespace, or null. */
  public String simpleName() {
    return name == null ? null : name.substring(name.indexOf('/') + 1);
  }

  /** Its name as people read it beside its job: bare in the job's own namespace ({@code job-ID}), else {@code NAMESPACE/NAME}. */
  public String nameFor(JobId job) {
    if (name == null) {
      return null;
    }
    return ("job-" + job.hex()).equals(namespace()) ? simpleName() : name;
  }
}
