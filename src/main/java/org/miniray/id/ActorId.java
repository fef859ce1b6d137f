package org.miniray.id;

/** An actor's id: derived from the id of the task that created it. */
public record ActorId(TaskId creationTask) {
  public ActorId {
    if (creationTask == null) {
      throw new IllegalArgumentException("an actor id needs its creation task id");
    }
  }

  @Override
  public String toString() {
    return "A" + String.format("%016x", creationTask.value());
  }
}
