package org.miniray.api.exception;

/** An object was lost and cannot be made again (its creator, which kept it, is gone). */
public class UnreconstructableException extends RayException {
  private final String objectId;

  public UnreconstructableException(String objectId, String why) {
    super("object " + objectId + " is lost and cannot be reconstructed: " + why);
    this.objectId = objectId;
  }

  public String getObjectId() {
    return objectId;
  }
}
