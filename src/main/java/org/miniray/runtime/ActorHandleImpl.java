package org.miniray.runtime;

import org.miniray.api.ActorHandle;
import org.miniray.api.Ray;
import org.miniray.id.ActorId;

/** A handle naming an actor by id; it can be passed to tasks and actors, where it works the same. */
public final class ActorHandleImpl<A> implements ActorHandle<A> {
  private final ActorId id;

  public ActorHandleImpl(ActorId id) {
    this.id = id;
  }

  public ActorId id() {
    return id;
  }

  @Override
  public org.miniray.api.id.ActorId getId() {
    return ApiIds.of(id);
  }

  @Override
  public void kill(boolean noRestart) {
    ((MinirayRuntime) Ray.internal()).killActor(id, noRestart);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorHandleImpl<?> h && h.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ActorHandle(" + id + ")";
  }
}
