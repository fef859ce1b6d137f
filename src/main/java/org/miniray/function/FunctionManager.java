package org.miniray.function;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.miniray.api.function.RayFunc;
import org.miniray.task.FunctionDescriptor;

/**
 * Resolves {@link RayFunc} lambdas to descriptors and descriptors to invocable functions. Both
 * directions are cached: a lambda class resolves once, however often it is called.
 */
public final class FunctionManager {
  private final ClassLoader loader;
  private final ConcurrentHashMap<Class<?>, FunctionDescriptor> byLambdaClass = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<FunctionDescriptor, RayFunction> byDescriptor = new ConcurrentHashMap<>();

  public FunctionManager(ClassLoader loader) {
    this.loader = loader;
  }

  /** Loads functions with the calling thread's context class loader, else miniray's own. */
  public static FunctionManager forThisThread() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return new FunctionManager(l != null ? l : FunctionManager.class.getClassLoader());
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

  /** The class that declares a function; for the serializer's allowlist. */
  public Class<?> declaringClass(FunctionDescriptor descriptor) {
    return load(descriptor).declaringClass();
  }

  /** Loads and caches the code a descriptor names. */
  public RayFunction load(FunctionDescriptor descriptor) {
    RayFunction f = byDescriptor.get(descriptor);
    return f != null ? f : byDescriptor.computeIfAbsent(descriptor, this::find);
  }

  private RayFunction find(FunctionDescriptor d) {
    Class<?> c;
    try {
      c = Class.forName(d.className(), true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + d.className() + " of function " + d.displayName()
          + " is not on this node's classpath", e);
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
