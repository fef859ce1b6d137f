package org.miniray.runtime;

import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.id.ObjectId;

/** A reference to an object by id; what travels when a reference is passed inside a value. */
public final class ObjectRefImpl<T> implements ObjectRef<T> {
  private final ObjectId id;

  public ObjectRefImpl(ObjectId id) {
    this.id = id;
  }

  public ObjectId id() {
    return id;
  }

  @Override
  public T get() {
    return Ray.get(this);
  }

  @Override
  public T get(long timeoutMs) {
    return Ray.get(this, timeoutMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectRefImpl<?> r && r.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ObjectRef(" + id + ")";
  }
}
