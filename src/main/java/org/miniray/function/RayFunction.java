package org.miniray.function;

import java.lang.invoke.MethodHandle;
import java.util.List;
import org.miniray.task.FunctionDescriptor;

/**
 * A resolved function: the descriptor, the class that declares it, and a method handle that
 * takes the actor instance first for instance methods.
 *
 * @param parameterTypes the declared parameter types (without the actor instance)
 */
public record RayFunction(FunctionDescriptor descriptor, Class<?> declaringClass, MethodHandle handle,
    List<Class<?>> parameterTypes) {

  /** Calls the function; for an instance method {@code target} is the actor, else it is ignored. */
  public Object invoke(Object target, Object[] args) throws Throwable {
    if (descriptor.kind() == FunctionDescriptor.Kind.INSTANCE) {
      Object[] all = new Object[args.length + 1];
      all[0] = target;
      System.arraycopy(args, 0, all, 1, args.length);
      return handle.invokeWithArguments(all);
    }
    return handle.invokeWithArguments(args);
  }
}
