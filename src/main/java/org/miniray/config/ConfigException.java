package org.miniray.config;

/** A configuration value is missing, malformed or names something that does not exist. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
