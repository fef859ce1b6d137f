package org.miniray.api.exception;

/** The root of every exception miniray throws. */
public class RayException extends RuntimeException {
  public RayException(String message) {
    super(message);
  }

  public RayException(String message, Throwable cause) {
    super(message, cause);
  }
}
