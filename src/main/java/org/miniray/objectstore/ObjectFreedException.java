package org.miniray.objectstore;

import org.miniray.id.ObjectId;

/** A fetch of an object that was freed ({@code Ray.internal().free}); freed objects are not rebuilt. */
public final class ObjectFreedException extends IllegalStateException {
  private final transient ObjectId id;

  public ObjectFreedException(ObjectId id) {
    super("object " + id + " was freed (Ray.internal().free) and is not reconstructed");
    this.id = id;
  }

  public ObjectId id() {
    return id;
  }
}
