package org.miniray.worker;

import java.util.List;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.function.FunctionManager;
import org.miniray.function.RayFunction;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.objectstore.InPlaceReads;
import org.miniray.objectstore.ObjectFreedException;
import org.miniray.objectstore.ObjectManager;
import org.miniray.refcount.NestedRefs;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.TaskArg;
import org.miniray.api.exception.RayIntentionalSystemExitException;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * Runs one task on the calling thread: reads its arguments (every object argument is in the
 * local store by now), calls the function, and stores the result as a primary copy. A task
 * that throws stores a {@link TaskError} in place of its result; a task whose argument is an
 * error stores that same error without running, so a failure flows down the graph to whoever
 * calls {@code get}.
 *
 * <p>An {@link Error} (other than a stack overflow) thrown by a normal task means its worker is
 * no longer sane: it is rethrown without storing a result, and the node treats the attempt as
 * lost (retried within the task's {@code maxRetries}), as Ray does when a worker process dies.
 */
public final class TaskRunner {
  private final NodeId node;
  private final FunctionManager functions;
  private final Serializer serializer;
  private final ObjectManager objects;
  private final EventRecorder events;

  public TaskRunner(NodeId node, FunctionManager functions, Serializer serializer, ObjectManager objects,
      EventRecorder events) {
    this.node = node;
    this.functions = functions;
    this.serializer = serializer;
    this.objects = objects;
    this.events = events;
  }

  /**
   * Runs {@code spec}; {@code actor} is the instance for an actor method. Returns the new
   * instance for an actor creation, and null otherwise or when the task failed.
   */
  public Object run(TaskSpec spec, Object actor) {
    events.task(Event.Kind.TASK_STARTED, spec, null);
    // The job's classes (shipped through the function table when this node lacks them) are found
    // through the context class loader: by the function's lookup, the serializer, nested calls.
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    try {
      self.setContextClassLoader(functions.classLoader(spec.jobId()));
      return execute(spec, actor);
    } finally {
      self.setContextClassLoader(before);
      events.task(Event.Kind.TASK_FINISHED, spec, null);
    }
  }

  private Object execute(TaskSpec spec, Object actor) {
    RayFunction fn;
    Object[] args;
    try {
      fn = functions.load(spec.jobId(), spec.function());
    } catch (RuntimeException e) {
      storeError(spec, TaskError.system(TaskError.Kind.SYSTEM, spec.name(), node.value(), e.getMessage()));
      return null;
    }
    try {
      // Refs read back from the arguments are registered with their owners before the task sees
      // them, while this pending task still holds them for its caller.
      args = NestedRefs.readBack(() -> readArgs(spec));
    } catch (PropagatedError p) {
      storeError(spec, TaskError.inputFailed(spec.name(), node.value(), (TaskError) serializer.deserialize(p.error)));
      return null;
    } catch (RuntimeException e) {
      storeError(spec, TaskError.system(TaskError.Kind.SYSTEM, spec.name(), node.value(),
          "cannot read the arguments of " + spec.name() + ": " + e.getMessage()));
      return null;
    }
    Object result;
    try {
      result = fn.invoke(actor, args);
    } catch (Throwable t) {
      if (t instanceof RayIntentionalSystemExitException exit && spec.actorId() != null) {
        storeError(spec, TaskError.actorDied(spec.name(), node.value(), spec.actorId(), exit.getMessage()));
        return null;
      }
      if (t instanceof Error crash && !(t instanceof StackOverflowError) && spec.kind() == TaskKind.NORMAL) {
        throw crash; // the worker died, not the task: no result; the node retries the attempt
      }
      if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
        storeError(spec, describe(spec, t));
        throw vme;
      }
      storeError(spec, describe(spec, t));
      return null;
    }
    if (spec.kind() == TaskKind.ACTOR_CREATION) {
      if (result == null) {
        storeError(spec, TaskError.system(TaskError.Kind.SYSTEM, spec.name(), node.value(),
            "the factory " + spec.name() + " returned null instead of an actor"));
        return null;
      }
      objects.putResult(spec.returnId(), spec.ownerNode(), serializer.serialize(null));
      return result;
    }
    SerializedObject out;
    try {
      Object value = spec.function().returnsVoid() ? null : result;
      // Refs in the result are contained in it: kept while the result is (refcount).
      out = NestedRefs.into(spec.returnId(), spec.ownerNode(), () -> serializer.serialize(value));
    } catch (RuntimeException e) {
      storeError(spec, TaskError.system(TaskError.Kind.SYSTEM, spec.name(), node.value(),
          "cannot serialize the result of " + spec.name() + " (" + result.getClass().getName() + "): "
              + e.getMessage()));
      return null;
    }
    objects.putResult(spec.returnId(), spec.ownerNode(), out);
    return null;
  }

  private Object[] readArgs(TaskSpec spec) {
    List<TaskArg> in = spec.args();
    Object[] args = new Object[in.size()];
    for (int i = 0; i < args.length; i++) {
      TaskArg a = in.get(i);
      if (a instanceof TaskArg.ByValue v) {
        args[i] = serializer.deserialize(new SerializedObject(v.encoding(), v.bytes()));
      } else {
        ObjectId id = ((TaskArg.ByRef) a).id();
        args[i] = InPlaceReads.local(objects, serializer, id); // a primitive array, read in place
        if (args[i] != null) {
          continue;
        }
        SerializedObject o = objects.getLocal(id);
        if (o == null && !objects.isFreed(id)) {
          // Fetched before the task started, then evicted to make room for a later arrival (a store
          // smaller than the inputs of the tasks it serves): fetched again, one argument at a time.
          o = objects.fetch(id).exceptionally(t -> null).join();
        }
        if (o == null) {
          throw objects.isFreed(id) ? new ObjectFreedException(id)
              : new IllegalStateException("argument " + id + " is not in the local store");
        }
        if (o.isError()) {
          throw new PropagatedError(o);
        }
        args[i] = serializer.deserialize(o);
      }
    }
    return args;
  }

  private TaskError describe(TaskSpec spec, Throwable t) {
    byte[] cause;
    try {
      cause = serializer.serialize(t).bytes();
    } catch (RuntimeException e) {
      cause = null; // the class or a field of it is not serializable here: the description still travels
    }
    return TaskError.thrown(spec.name(), node.value(), t, userFrames(t.getStackTrace()), cause);
  }

  /** The frames of the user's code: everything above the reflective call into it. */
  private static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
    for (int i = 0; i < frames.length; i++) {
      String c = frames[i].getClassName();
      if (c.startsWith("java.lang.invoke.") || c.equals(RayFunction.class.getName())) {
        return List.of(frames).subList(0, i);
      }
    }
    return List.of(frames);
  }

  /** Stores {@code error} as the task's result. */
  public void storeError(TaskSpec spec, TaskError error) {
    events.task(Event.Kind.TASK_FAILED, spec, error.kind() + ": " + error.message());
    objects.putResult(spec.returnId(), spec.ownerNode(), encode(error));
  }

  /** An error in the object store's form. */
  public SerializedObject encode(TaskError error) {
    return new SerializedObject(SerializedObject.ERROR, serializer.serialize(error).bytes());
  }

  private static final class PropagatedError extends RuntimeException {
    final SerializedObject error;

    PropagatedError(SerializedObject error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
