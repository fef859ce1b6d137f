package org.miniray.api;

import java.util.List;

/** What {@link Ray#wait} returns: the references that are ready and those that are not, each in the order given. */
public final class WaitResult<T> {
  private final List<ObjectRef<T>> ready;
  private final List<ObjectRef<T>> unready;

  public WaitResult(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {
    this.ready = List.copyOf(ready);
    this.unready = List.copyOf(unready);
  }

  public List<ObjectRef<T>> getReady() {
    return ready;
  }

  public List<ObjectRef<T>> getUnready() {
    return unready;
  }

  @Override
  public String toString() {
    return "WaitResult{ready=" + ready.size() + ", unready=" + unready.size() + "}";
  }
}
