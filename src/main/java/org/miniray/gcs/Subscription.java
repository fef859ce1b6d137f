package org.miniray.gcs;

/** A registered listener; {@link #close()} stops its notifications. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
