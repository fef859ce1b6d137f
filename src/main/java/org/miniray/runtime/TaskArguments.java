package org.miniray.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.miniray.api.ObjectRef;
import org.miniray.api.function.RayFunc;
import org.miniray.config.Keys;
import org.miniray.function.FunctionManager;
import org.miniray.function.RayFunction;
import org.miniray.id.ObjectId;
import org.miniray.node.TaskContext;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.serialization.JobClasses;
import org.miniray.serialization.ObjectWriter;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.TaskArg;

/**
 * A call's function and arguments as a task spec holds them (figure 7, step 1): the function
 * resolved, its code shipped and its package allowed, the arguments checked against its
 * parameters and encoded by value or by reference. Every mistake is reported here, at
 * {@code remote()}, with what to do about it, not later as a failure on some node.
 */
final class TaskArguments {
  private final FunctionManager functionManager;
  private final Serializer serializer;
  private final int inlineMaxBytes;
  private final ConcurrentHashMap<FunctionDescriptor, RayFunction> functions = new ConcurrentHashMap<>();

  /** @param inlineMaxBytes {@link Keys#TASK_ARG_INLINE_MAX_BYTES}: a larger value goes by reference */
  private final ReferenceCounter references;

  TaskArguments(FunctionManager functionManager, Serializer serializer, int inlineMaxBytes,
      ReferenceCounter references) {
    this.references = references;
    this.functionManager = functionManager;
    this.serializer = serializer;
    this.inlineMaxBytes = inlineMaxBytes;
  }

  /**
   * Resolves a function, ships its code for the nodes (in a cluster of processes, from the
   * driver), allows its package's classes through the serializer, and checks the argument count.
   * A class that came with a job needs no allowing: the job's class loader allows it for that
   * job only.
   */
  FunctionDescriptor describe(TaskContext ctx, RayFunc func, Object[] args) {
    FunctionDescriptor fd = functionManager.resolve(func);
    RayFunction function = functions.computeIfAbsent(fd, d -> {
      var fn = functionManager.load(ctx.job(), d);
      functionManager.export(ctx.job(), fn.declaringClass());
      if (!(fn.declaringClass().getClassLoader() instanceof JobClasses)) {
        serializer.allowlist().allowPackageOf(fn.declaringClass());
      }
      return fn;
    });
    List<Class<?>> parameters = function.parameterTypes();
    if (parameters.size() != args.length) {
      throw new IllegalArgumentException(fd.displayName() + " takes " + parameters.size() + " arguments, got "
          + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null && parameters.get(i).isPrimitive()) {
        throw new IllegalArgumentException("argument " + i + " of " + fd.displayName() + " is null, but its parameter "
            + "is a " + parameters.get(i).getName() + ", which cannot be null: pass a value, or declare the "
            + "parameter as " + boxed(parameters.get(i)) + " to allow null");
      }
    }
    return fd;
  }

  /**
   * A job's own classes are allowed whatever their package: an argument whose class comes from the
   * same classpath entry as the function's (the job's classes, not miniray's or a library's) has
   * its package allowed, as the function's own package is.
   */
  private void allowIfTheJobsOwn(Object arg, RayFunction fn) {
    Class<?> c = arg.getClass();
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (fn == null || c.isPrimitive() || c.getClassLoader() instanceof JobClasses
        || serializer.allowlist().isAllowed(c.getName())) {
      return;
    }
    var mine = codeSource(fn.declaringClass());
    if (mine != null && mine.equals(codeSource(c)) && !mine.equals(codeSource(TaskArguments.class))) {
      serializer.allowlist().allowPackageOf(c);
    }
  }

  private static java.net.URL codeSource(Class<?> c) {
    var domain = c.getProtectionDomain();
    return domain == null || domain.getCodeSource() == null ? null : domain.getCodeSource().getLocation();
  }

  private static String boxed(Class<?> primitive) {
    return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType().getSimpleName();
  }

  /** A plain task runs a static method; an instance method needs its object, which only an actor has. */
  static void requireStatic(FunctionDescriptor fd) {
    if (fd.kind() != FunctionDescriptor.Kind.STATIC) {
      String simple = fd.className().substring(fd.className().lastIndexOf('.') + 1);
      throw new IllegalArgumentException(fd.displayName() + " is not a static method, so Ray.task cannot run it "
          + "(it needs an object of " + simple + "): use a static method, or make " + simple + " an actor: "
          + "Ray.actor(" + simple + "::new).remote(), then handle.task(" + simple + "::" + fd.methodName()
          + ", ...)");
    }
  }

  /**
   * The arguments of a task spec. A value whose serialized form is over {@link
   * Keys#TASK_ARG_INLINE_MAX_BYTES} is put in the caller's object store and passed by reference,
   * as Ray does: the spec (and so the task table, a GCS row every scheduler and replica reads)
   * stays small, and the value travels once, by the object manager, to the node that runs the
   * task. Like any put, it has no lineage; it is kept while the task may need it (its return's
   * lineage, {@code refcount.ReferenceCounter}).
   */
  List<TaskArg> encode(TaskContext ctx, FunctionDescriptor fd, Object[] args) {
    List<TaskArg> out = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof ObjectRefImpl<?> r) {
        out.add(new TaskArg.ByRef(r.id()));
      } else if (a instanceof ObjectRef<?>) {
        throw new IllegalArgumentException("argument " + i + " of " + fd.displayName()
            + " is an ObjectRef that miniray did not make: " + a.getClass().getName());
      } else {
        allowIfTheJobsOwn(a, functions.get(fd));
        ObjectWriter array;
        SerializedObject s;
        try {
          // A large array goes into the store straight from the caller's memory, as a put's does.
          ObjectWriter w = serializer.writerOf(a);
          array = w != null && w.length() > inlineMaxBytes ? w : null;
          s = array != null ? null : ownCopy(a);
        } catch (RuntimeException e) {
          boolean refused = e.getMessage() != null && e.getMessage().contains("allowlist");
          throw new IllegalArgumentException("argument " + i + " of " + fd.displayName() + " ("
              + a.getClass().getName() + ") cannot be serialized: " + e.getMessage() + (refused ? ""
              : "; pass plain data (records, arrays, collections, strings) or an ObjectRef, and keep "
                  + "resources such as threads, streams and connections inside an actor"), e);
        }
        if (array != null || s.bytes().length > inlineMaxBytes) {
          ObjectId id = ctx.nextPutId();
          references.ownPut(id); // held by the task as its argument, then by lineage while its return lives
          if (array != null) {
            ctx.node().objects().putPrimaryCopy(id, array);
          } else {
            ctx.node().objects().putPrimary(id, s);
          }
          out.add(new TaskArg.ByRef(id));
        } else {
          out.add(new TaskArg.ByValue(s.encoding(), s.bytes()));
        }
      }
    }
    return out;
  }

  /**
   * {@code value} serialized into bytes nobody else holds: the serializer hands a {@code byte[]}
   * over as it is, and the caller may write to its array after a call returns, so that array is
   * copied.
   */
  private SerializedObject ownCopy(Object value) {
    SerializedObject s = serializer.serialize(value);
    return s.bytes() == value ? new SerializedObject(s.encoding(), s.bytes().clone()) : s;
  }


  /** The ids of the arguments passed by reference. */
  static List<ObjectId> byRef(List<TaskArg> args) {
    List<ObjectId> ids = new ArrayList<>(args.size());
    for (TaskArg a : args) {
      if (a instanceof TaskArg.ByRef r) {
        ids.add(r.id());
      }
    }
    return ids;
  }
}
