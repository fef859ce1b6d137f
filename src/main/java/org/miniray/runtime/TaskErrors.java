package org.miniray.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.miniray.api.exception.RayActorException;
import org.miniray.api.exception.RayException;
import org.miniray.api.exception.RayTaskException;
import org.miniray.api.exception.RayWorkerException;
import org.miniray.api.exception.UnreconstructableException;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.Gcs;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.TaskError;

/**
 * Turns the {@link TaskError} stored in an object's place into the exception {@code get} throws,
 * shaped as Ray shapes them: {@link RayTaskException} (with its origin, and the argument's
 * exception as cause when an argument failed), {@link RayActorException} (with the actor's id,
 * and its constructor's exception as cause when that is why it died), {@link RayWorkerException},
 * {@link UnreconstructableException} (with the object's id).
 */
final class TaskErrors {
  private static final long CONSTRUCTOR_ERROR_WAIT_MS = 10_000;

  private final Serializer serializer;
  private final Gcs gcs;
  private final Function<ObjectId, CompletableFuture<SerializedObject>> fetch;

  TaskErrors(Serializer serializer, Gcs gcs, Function<ObjectId, CompletableFuture<SerializedObject>> fetch) {
    this.serializer = serializer;
    this.gcs = gcs;
    this.fetch = fetch;
  }

  /**
   * The exception for {@code e}, stored in place of {@code object} (null for an argument's error
   * inside another's: then a lost object is known by the name in its error only).
   */
  RayException toException(ObjectId object, TaskError e) {
    return switch (e.kind()) {
      case TASK_EXCEPTION -> taskException(e);
      case ACTOR_DIED -> new RayActorException(e.actor() == null ? null : ApiIds.of(e.actor()), e.message(),
          constructorError(e));
      case UNRECONSTRUCTABLE -> object == null
          ? new UnreconstructableException(org.miniray.api.id.ObjectId.NIL, e.taskName(), e.message())
          : new UnreconstructableException(ApiIds.of(object), object.toString(), e.message());
      case WORKER_DIED -> new RayWorkerException("task " + e.taskName() + " failed: " + e.message());
      case INFEASIBLE, SYSTEM -> new RayException("task " + e.taskName() + " failed: " + e.message());
    };
  }

  private RayTaskException taskException(TaskError e) {
    RayTaskException.Origin origin = new RayTaskException.Origin(e.where(), e.pid(), e.host());
    if (e.cause() != null) {
      RayException input = toException(null, e.cause());
      return new RayTaskException(e.taskName(), origin, e.className(), e.message() + ": " + input.getMessage(), input);
    }
    return new RayTaskException(e.taskName(), origin, e.className(), e.message(), remoteCause(e));
  }

  private Throwable remoteCause(TaskError e) {
    if (e.serializedCause() != null) {
      try {
        Object t = serializer.deserialize(new SerializedObject(SerializedObject.ENCODED, e.serializedCause()));
        if (t instanceof Throwable th) {
          return th;
        }
      } catch (RuntimeException ignored) {
        // not allowed or not loadable here: fall back to the description
      }
    }
    return new RayTaskException.RemoteError(e.className(), e.message(), e.stack(), null);
  }

  /**
   * For an actor whose constructor threw, that exception (stored as the result of its creation
   * task before the actor was marked dead); otherwise null.
   */
  private Throwable constructorError(TaskError e) {
    if (e.actor() == null) {
      return null;
    }
    Optional<ActorEntry> actor = gcs.actorTable().lookup(e.actor()).join();
    if (actor.isEmpty() || actor.get().creationSpec() == null
        || !ActorEntry.CONSTRUCTOR_FAILED.equals(actor.get().deathCause())) {
      return null;
    }
    ObjectId creation = actor.get().creationSpec().returnId();
    try {
      SerializedObject o = fetch.apply(creation).get(CONSTRUCTOR_ERROR_WAIT_MS, TimeUnit.MILLISECONDS);
      return o.isError() ? toException(creation, (TaskError) serializer.deserialize(o)) : null;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception unavailable) {
      return null; // the actor is dead all the same; the message says why
    }
  }
}
