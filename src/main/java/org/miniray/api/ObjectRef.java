package org.miniray.api;

/**
 * A future: the result of a task, or an object given to {@link Ray#put}. It can be passed to
 * other tasks as an argument (the task then receives the value) or waited on.
 *
 * @param <T> the type of the object
 */
public interface ObjectRef<T> {

  /** Blocks until the object is available and returns it; same as {@code Ray.get(this)}. */
  T get();

  /** As {@link #get()}, but throws {@code RayTimeoutException} after {@code timeoutMs}. */
  T get(long timeoutMs);
}
