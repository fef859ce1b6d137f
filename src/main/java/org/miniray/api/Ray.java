package org.miniray.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.miniray.api.runtime.RayRuntime;
import org.miniray.api.runtime.RayRuntimeFactory;
import org.miniray.api.runtimecontext.RuntimeContext;

/**
 * The entry point: start or join a cluster, submit tasks and actors (the generated
 * {@code task} and {@code actor} overloads inherited from {@link RayCall}), and get, wait and
 * put objects.
 *
 * <pre>{@code
 * Ray.init();
 * ObjectRef<Integer> a = Ray.task(Demo::square, 3).remote();
 * ObjectRef<Integer> b = Ray.task(Demo::add, a, 1).remote();   // a future as an argument
 * System.out.println(b.get());                                  // 10
 * Ray.shutdown();
 * }</pre>
 */
public final class Ray extends RayCall {
  private static volatile RayRuntime runtime;

  private Ray() {}

  /** Starts an embedded cluster in this JVM, configured from system properties and miniray.properties. */
  public static void init() {
    init(Map.of());
  }

  /**
   * Starts an embedded cluster with these configuration values (keys as in
   * {@code miniray.properties}, for example {@code miniray.nodes=3}), which win over system
   * properties and the file.
   */
  public static synchronized void init(Map<String, String> config) {
    if (runtime != null) {
      throw new IllegalStateException("Ray is already initialized; call Ray.shutdown() first");
    }
    runtime = factory().create(config);
  }

  /**
   * Joins the cluster whose head listens at {@code address} ({@code HOST:PORT}, as
   * {@code miniray start --head} prints it; {@code HOST:PORT,HOST:PORT,...} for a head and its
   * standbys, of which the driver follows whichever is active), as a driver. The cluster token is read from
   * {@code miniray.cluster.token.file} (by default {@code ~/.miniray/cluster.token}).
   */
  public static void init(String address) {
    init(Map.of("miniray.address", address));
  }

  /**
   * Installs the runtime of a node process, so that tasks running there can call the API
   * (nested tasks, {@code get}, actors). For miniray's own processes; programs call
   * {@link #init()} or {@link #init(String)}.
   */
  public static synchronized void initWorker(RayRuntime workerRuntime) {
    if (runtime != null) {
      throw new IllegalStateException("Ray is already initialized in this process");
    }
    runtime = workerRuntime;
  }

  /** Stops the cluster this process started and forgets it. Does nothing when not initialized. */
  public static synchronized void shutdown() {
    RayRuntime r = runtime;
    runtime = null;
    if (r != null) {
      r.shutdown();
    }
  }

  public static boolean isInitialized() {
    return runtime != null;
  }

  /** Stores {@code obj} in the object store and returns a reference to it. */
  public static <T> ObjectRef<T> put(T obj) {
    return runtime().put(obj);
  }

  /** Blocks until the object is available and returns it; a failed task's error is thrown here. */
  public static <T> T get(ObjectRef<T> ref) {
    return runtime().get(ref, -1);
  }

  /** As {@link #get(ObjectRef)}, but throws {@code RayTimeoutException} after {@code timeoutMs}. */
  public static <T> T get(ObjectRef<T> ref, long timeoutMs) {
    return runtime().get(ref, checkTimeout(timeoutMs));
  }

  /** Gets every object, in the order given. */
  public static <T> List<T> get(List<ObjectRef<T>> refs) {
    return runtime().get(refs, -1);
  }

  public static <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs) {
    return runtime().get(refs, checkTimeout(timeoutMs));
  }

  /**
   * Waits until {@code numReturns} of {@code waitList} are ready or {@code timeoutMs} has
   * passed, whichever comes first, and says which are ready. Both lists keep the given order.
   */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList, int numReturns, int timeoutMs) {
    return runtime().wait(waitList, numReturns, checkTimeout(timeoutMs));
  }

  // As Ray does, a negative timeout is a mistake, not "forever": the overloads without one wait forever.
  private static long checkTimeout(long timeoutMs) {
    if (timeoutMs < 0) {
      throw new IllegalArgumentException("timeoutMs must be 0 or more, got " + timeoutMs
          + "; to wait without a timeout call the overload that takes none");
    }
    return timeoutMs;
  }

  /** Waits, without a timeout, until {@code numReturns} are ready. */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList, int numReturns) {
    return runtime().wait(waitList, numReturns, -1);
  }

  /** Waits, without a timeout, until all are ready. */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList) {
    return runtime().wait(waitList, waitList.size(), -1);
  }

  /**
   * The live actor created with {@code setName(name)} in this job's namespace (by default one of
   * the job's own; {@code miniray.namespace} at {@code Ray.init} names a shared one), if there is one.
   */
  public static <T extends BaseActorHandle> Optional<T> getActor(String name) {
    return runtime().getActor(name);
  }

  /** The live actor created with {@code setName(name)} by a job of namespace {@code namespace}, if there is one. */
  public static <T extends BaseActorHandle> Optional<T> getActor(String name, String namespace) {
    return runtime().getActor(name, namespace);
  }

  /**
   * The computation graph of this job so far, from the events the nodes recorded: tasks and
   * actor methods, with data edges (an object passed as an argument), control edges (a task
   * submitted another) and stateful edges (one actor's calls in order). {@code format} is
   * {@code "dot"} (Graphviz), {@code "json"} or {@code "svg"} (laid out by miniray; open it
   * in a browser).
   */
  public static String graph(String format) {
    return runtime().graph(format);
  }

  /**
   * What every node did so far, as a Chrome trace (JSON): save it and open it in
   * ui.perfetto.dev or {@code chrome://tracing} to see each worker thread's tasks on a timeline.
   */
  public static String timeline() {
    return runtime().timeline();
  }

  /**
   * The job, task, actor and node of the code running now: in the driver, in a task or in an
   * actor's constructor or method.
   */
  public static RuntimeContext getRuntimeContext() {
    return runtime().getRuntimeContext();
  }

  /**
   * Ends the actor whose method calls it, as Ray's {@code Ray.exitActor()}: it is not restarted,
   * and this call and every later call to it fail with {@code RayActorException}. It does not
   * return.
   *
   * @throws IllegalStateException outside an actor's method
   */
  public static void exitActor() {
    runtime().exitActor();
  }

  /** The runtime behind this API; for tools and tests, not for applications. */
  public static RayRuntime internal() {
    return runtime();
  }

  static RayRuntime runtime() {
    RayRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("Ray is not initialized: call Ray.init() first");
    }
    return r;
  }

  private static RayRuntimeFactory factory() {
    return ServiceLoader.load(RayRuntimeFactory.class, Ray.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "no miniray runtime on the classpath (META-INF/services/" + RayRuntimeFactory.class.getName() + ")"));
  }
}
