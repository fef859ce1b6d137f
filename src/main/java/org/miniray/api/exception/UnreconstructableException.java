package org.miniray.api.exception;

import org.miniray.api.id.ObjectId;

/**
 * An object was lost and cannot be made again: made by {@code put} on a node that died, freed,
 * or lost more often than its task's retries allow.
 */
public class UnreconstructableException extends RayException {
  /** The lost object, as in Ray. */
  public final ObjectId objectId;

  public UnreconstructableException(ObjectId objectId, String why) {
    this(objectId, objectId.toString(), why);
  }

  /** @param name the object as the runtime's logs and graphs name it */
  public UnreconstructableException(ObjectId objectId, String name, String why) {
    super("object " + name + (name.equals(objectId.toString()) ? "" : " (id " + objectId + ")")
        + " is lost and cannot be reconstructed: " + why);
    this.objectId = objectId;
  }

  public ObjectId getObjectId() {
    return objectId;
  }
}
