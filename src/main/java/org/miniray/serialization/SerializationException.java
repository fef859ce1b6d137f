package org.miniray.serialization;

/** A value could not be written or read, or names a class outside the allowlist. */
public final class SerializationException extends RuntimeException {
  public SerializationException(String message) {
    super(message);
  }

  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
