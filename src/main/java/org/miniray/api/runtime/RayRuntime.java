package org.miniray.api.runtime;

import java.util.List;
import java.util.Optional;
import org.miniray.api.BaseActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.WaitResult;
import org.miniray.api.function.RayFunc;
import org.miniray.api.options.ActorCreationOptions;
import org.miniray.api.options.CallOptions;
import org.miniray.api.runtimecontext.RuntimeContext;

/**
 * What the API asks of a runtime. Timeouts are in milliseconds; a negative timeout means wait
 * forever. Arguments in {@code args} are values or {@link ObjectRef}s.
 */
public interface RayRuntime {

  ObjectRef<?> call(RayFunc func, Object[] args, CallOptions options);

  BaseActorHandle createActor(RayFunc func, Object[] args, ActorCreationOptions options);

  ObjectRef<?> callActor(BaseActorHandle actor, RayFunc func, Object[] args, CallOptions options);

  <T> ObjectRef<T> put(T obj);

  <T> T get(ObjectRef<T> ref, long timeoutMs);

  <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs);

  <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, long timeoutMs);

  <T extends BaseActorHandle> Optional<T> getActor(String name);

  <T extends BaseActorHandle> Optional<T> getActor(String name, String namespace);

  /**
   * Frees objects (as Ray's {@code Ray.internal().free}): their copies are deleted from the
   * caller's node and, unless {@code localOnly}, from every node of the cluster, and their
   * locations leave the object table. A later {@code get} of a freed object, or a task that takes
   * one as an argument, fails with an error saying it was freed; freed objects are not rebuilt
   * from lineage. Other nodes free their copies asynchronously, soon after this returns.
   */
  void free(List<ObjectRef<?>> objectRefs, boolean localOnly);

  /**
   * The computation graph of this job so far (tasks, actor methods, and their data, control
   * and stateful edges) as {@code "dot"}, {@code "json"} or {@code "svg"}.
   */
  default String graph(String format) {
    throw new UnsupportedOperationException("this runtime does not draw computation graphs");
  }

  /** What every node did so far, in the Chrome trace event format (JSON). */
  default String timeline() {
    throw new UnsupportedOperationException("this runtime keeps no timeline");
  }

  /**
   * Ends the actor whose method calls this: it is marked dead and not restarted, the current
   * call and every later one fail with {@code RayActorException}. Throws
   * {@code RayIntentionalSystemExitException} to end the current call.
   *
   * @throws IllegalStateException outside an actor's method
   */
  void exitActor();

  /** The job, task, actor and node of the code running now, on this thread. */
  RuntimeContext getRuntimeContext();

  void shutdown();
}
