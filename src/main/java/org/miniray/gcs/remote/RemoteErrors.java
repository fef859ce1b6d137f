package org.miniray.gcs.remote;

import java.util.concurrent.CompletionException;
import org.miniray.transport.netty.RpcException;

/**
 * Turns a failed remote call back into the exception the {@link org.miniray.gcs.Gcs} contract
 * promises (for example {@link IllegalArgumentException} for a taken actor name), so callers
 * cannot tell a remote GCS from a local one by its errors.
 */
final class RemoteErrors {
  private RemoteErrors() {}

  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof RpcException r && r.remoteClass() != null) {
      if (r.remoteClass().equals(IllegalArgumentException.class.getName())) {
        return new IllegalArgumentException(r.getMessage(), r);
      }
      if (r.remoteClass().equals(IllegalStateException.class.getName())) {
        return new IllegalStateException(r.getMessage(), r);
      }
    }
    return e;
  }
}
