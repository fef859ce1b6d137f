package org.miniray.function;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.miniray.api.function.RayFunc;
import org.miniray.gcs.FunctionTable;
import org.miniray.id.JobId;
import org.miniray.task.FunctionDescriptor;

/**
 * Resolves {@link RayFunc} lambdas to descriptors and descriptors to invocable functions. Both
 * directions are cached: a lambda class resolves once, however often it is called.
 *
 * <p>In a cluster of processes the job's code travels through the function table: the driver
 * {@link #export exports} the classpath entry (a directory or a jar) of each function's class
 * before its first task, unless miniray itself comes from there; every process loads a job's
 * functions with that job's {@link #classLoader class loader}, which finds what the process
 * lacks in what the job shipped. So worker nodes need no copy of the user's jar. Without a
 * function table (an embedded cluster) every job shares this JVM's classes.
 */
public final class FunctionManager {
  private final ClassLoader loader;
  private final FunctionTable table; // null: every job uses loader
  private final boolean exports;
  private final ConcurrentHashMap<Class<?>, FunctionDescriptor> byLambdaClass = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ClassLoader, ConcurrentHashMap<FunctionDescriptor, RayFunction>> byDescriptor =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<JobId, ClassLoader> jobLoaders = new ConcurrentHashMap<>();
  private final Object exporting = new Object();
  private final List<ShippedCode.Archive> exported = new ArrayList<>(); // guarded by exporting
  private final List<Path> exportedEntries = new ArrayList<>(); // guarded by exporting
  private final Path minirayEntry = entryOf(FunctionManager.class);

  public FunctionManager(ClassLoader loader) {
    this(loader, null, false);
  }

  /**
   * Loads each job's code through {@code table} with a loader whose parent is {@code loader}; a
   * driver's manager ({@code exports}) also ships its job's code there. Only a job's driver
   * writes that job's rows.
   */
  public FunctionManager(ClassLoader loader, FunctionTable table, boolean exports) {
    this.loader = loader;
    this.table = table;
    this.exports = exports;
  }

  /** Loads functions with the calling thread's context class loader, else miniray's own. */
  public static FunctionManager forThisThread() {
    return new FunctionManager(contextLoader(), null, false);
  }

  /**
   * The same, for a process of a cluster: jobs' code comes through {@code table}; a driver
   * ({@code exports}) ships its own there.
   */
  public static FunctionManager forThisThread(FunctionTable table, boolean exports) {
    return new FunctionManager(contextLoader(), table, exports);
  }

  private static ClassLoader contextLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : FunctionManager.class.getClassLoader();
  }

  /**
   * The class loader of {@code job}'s code in this process: a loader of its own whose parent is
   * this process's, when the job's code comes through the function table; else (an embedded
   * cluster, or the job's own driver) this process's.
   */
  public ClassLoader classLoader(JobId job) {
    if (table == null || exports) {
      return loader;
    }
    return jobLoaders.computeIfAbsent(job, j -> new JobClassLoader(j, loader, table));
  }

  /**
   * Job {@code job} ended: its class loader and the functions loaded through it are dropped, so
   * that once nothing else holds them (a task of it still running, a detached actor of it) its
   * classes can be unloaded. Returns whether it had a loader of its own here.
   */
  public boolean dropJob(JobId job) {
    ClassLoader l = jobLoaders.remove(job);
    if (l == null) {
      return false;
    }
    byDescriptor.remove(l);
    byLambdaClass.keySet().removeIf(c -> c.getClassLoader() == l);
    return true;
  }

  /**
   * Ships the classpath entry {@code c} comes from (its directory or jar, every file in it) to
   * {@code job}'s rows of the function table, once; returns when it is stored, so a node that
   * runs a task submitted afterwards finds it. Nothing to do but on a driver, for
   * miniray's own entry (every process has it), for JDK classes, and for classes that came
   * through the function table themselves.
   */
  public void export(JobId job, Class<?> c) {
    if (table == null || !exports) {
      return;
    }
    Path entry = entryOf(c);
    if (entry == null || entry.equals(minirayEntry)) {
      return;
    }
    synchronized (exporting) {
      if (exportedEntries.contains(entry)) {
        return;
      }
      int number = exportedEntries.size();
      exported.add(ShippedCode.write(table, job, List.copyOf(exported), number, ShippedCode.pack(entry)));
      exportedEntries.add(entry);
    }
  }

  /** The directory or jar a class was loaded from, or null if it has none (JDK, shipped or generated classes). */
  private static Path entryOf(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The descriptor of a method reference such as {@code MyClass::f} or {@code Counter::new}.
   * Lambdas with a body ({@code x -> x + 1}) are refused: a remote function must be a named
   * method, so every node can find the same code.
   */
  public FunctionDescriptor resolve(RayFunc func) {
    return byLambdaClass.computeIfAbsent(func.getClass(), c -> describe(func));
  }

  private static FunctionDescriptor describe(RayFunc func) {
    SerializedLambda lambda;
    try {
      Method writeReplace = func.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      lambda = (SerializedLambda) writeReplace.invoke(func);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("a remote function must be a method reference such as MyClass::method; "
          + func.getClass().getName() + " is not one", e);
    }
    String implClass = lambda.getImplClass().replace('/', '.');
    String implMethod = lambda.getImplMethodName();
    if (implMethod.startsWith("lambda$")) {
      throw new IllegalArgumentException("a remote function must be a method reference such as MyClass::method, "
          + "not a lambda with a body (found one in " + implClass + ")");
    }
    if (lambda.getCapturedArgCount() > 0) {
      String simple = implClass.substring(implClass.lastIndexOf('.') + 1);
      throw new IllegalArgumentException("a remote function cannot be bound to an object (" + implMethod
          + " of one " + simple + ", as in obj::" + implMethod + "): the object would not travel with the task. Use "
          + "a static method (" + simple + "::staticMethod), or make " + simple + " an actor: Ray.actor(" + simple
          + "::new).remote(), then handle.task(" + simple + "::" + implMethod + ", ...)");
    }
    FunctionDescriptor.Kind kind = switch (lambda.getImplMethodKind()) {
      case java.lang.invoke.MethodHandleInfo.REF_invokeStatic -> FunctionDescriptor.Kind.STATIC;
      case java.lang.invoke.MethodHandleInfo.REF_newInvokeSpecial -> FunctionDescriptor.Kind.CONSTRUCTOR;
      case java.lang.invoke.MethodHandleInfo.REF_invokeVirtual, java.lang.invoke.MethodHandleInfo.REF_invokeInterface ->
          FunctionDescriptor.Kind.INSTANCE;
      default -> throw new IllegalArgumentException("unsupported method reference kind "
          + lambda.getImplMethodKind() + " for " + implClass + "." + implMethod);
    };
    return new FunctionDescriptor(implClass, implMethod, lambda.getImplMethodSignature(), kind);
  }

  /** Loads and caches the code a descriptor names, with {@code job}'s class loader. */
  public RayFunction load(JobId job, FunctionDescriptor descriptor) {
    ClassLoader l = classLoader(job);
    var cache = byDescriptor.computeIfAbsent(l, k -> new ConcurrentHashMap<>());
    RayFunction f = cache.get(descriptor);
    return f != null ? f : cache.computeIfAbsent(descriptor, d -> find(l, d));
  }

  private static RayFunction find(ClassLoader loader, FunctionDescriptor d) {
    Class<?> c;
    try {
      c = Class.forName(d.className(), true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + d.className() + " of function " + d.displayName()
          + " is not on this node's classpath" + (loader instanceof JobClassLoader ? " nor in its job's shipped code"
          : ""), e);
    }
    MethodType type;
    try {
      type = MethodType.fromMethodDescriptorString(d.signature(), c.getClassLoader());
    } catch (TypeNotPresentException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the signature " + d.signature() + " of " + d.displayName(), e);
    }
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      MethodHandle h;
      List<Class<?>> params;
      switch (d.kind()) {
        case STATIC -> {
          Method m = c.getDeclaredMethod(d.methodName(), type.parameterArray());
          m.setAccessible(true);
          h = lookup.unreflect(m);
          params = Arrays.asList(type.parameterArray());
        }
        case INSTANCE -> {
          Method m = findInstanceMethod(c, d.methodName(), type.parameterArray());
          m.setAccessible(true);
          h = lookup.unreflect(m);
          params = Arrays.asList(type.parameterArray());
        }
        case CONSTRUCTOR -> {
          var k = c.getDeclaredConstructor(type.parameterArray());
          k.setAccessible(true);
          h = lookup.unreflectConstructor(k);
          params = Arrays.asList(type.parameterArray());
        }
        default -> throw new AssertionError(d.kind());
      }
      return new RayFunction(d, c, h, List.copyOf(params));
    } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
      throw new IllegalStateException("cannot find " + d + " on this node: " + e, e);
    }
  }

  private static Method findInstanceMethod(Class<?> c, String name, Class<?>[] params) throws NoSuchMethodException {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      try {
        return k.getDeclaredMethod(name, params);
      } catch (NoSuchMethodException e) {
        // look further up
      }
    }
    return c.getMethod(name, params); // interface default methods
  }
}
