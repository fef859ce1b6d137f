package org.miniray.transport.netty;

/**
 * A call failed: the remote handler failed (then {@link #remoteClass()} names its exception), the
 * call timed out (the cause is a {@link java.util.concurrent.TimeoutException}), the connection was
 * lost, or the cluster refused this process's token.
 */
public final class RpcException extends RuntimeException {
  private final String remoteClass;

  public RpcException(String message) {
    this(message, null, null);
  }

  public RpcException(String message, Throwable cause) {
    this(message, cause, null);
  }

  RpcException(String message, Throwable cause, String remoteClass) {
    super(message, cause);
    this.remoteClass = remoteClass;
  }

  /** The class name of the exception the remote handler failed with, or null if the failure was local. */
  public String remoteClass() {
    return remoteClass;
  }
}
