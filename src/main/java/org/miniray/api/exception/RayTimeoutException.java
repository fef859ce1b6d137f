package org.miniray.api.exception;

/** {@code get} or an actor lookup did not finish within its timeout. */
public class RayTimeoutException extends RayException {
  public RayTimeoutException(String message) {
    super(message);
  }
}
