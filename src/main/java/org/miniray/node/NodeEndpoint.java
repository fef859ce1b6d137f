package org.miniray.node;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.objectstore.ObjectManager;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.transport.NodeObjects;
import org.miniray.transport.NodeService;

/**
 * What this node's peers and the global scheduler call, through the transport: each call goes
 * to the part of the node that handles it.
 */
final class NodeEndpoint implements NodeService {
  private final NodeId id;
  private final LocalSchedulerRestarts schedulers;
  private final TaskExecutor executor;
  private final ObjectManager objects;
  private final JobEnd jobEnd;

  NodeEndpoint(NodeId id, LocalSchedulerRestarts schedulers, TaskExecutor executor, ObjectManager objects,
      JobEnd jobEnd) {
    this.id = id;
    this.schedulers = schedulers;
    this.executor = executor;
    this.objects = objects;
    this.jobEnd = jobEnd;
  }

  @Override
  public CompletableFuture<NodeObjects> listObjects() {
    return CompletableFuture.completedFuture(objects.listing());
  }

  @Override
  public void endJob(JobId job, String cause) {
    jobEnd.ended(job, cause);
  }

  @Override
  public void placeTask(TaskSpec spec) {
    if (spec.kind() == TaskKind.NORMAL && objects.hasEnded(spec.jobId())) {
      return; // placed by a global scheduler before it heard that the job ended
    }
    schedulers.schedulerFor(spec).place(spec);
  }

  @Override
  public void submitActorTask(TaskSpec spec) {
    executor.actors().submit(spec);
  }

  @Override
  public CompletableFuture<SerializedObject> fetchObject(ObjectId object) {
    SerializedObject o = objects.getLocal(object);
    return o != null ? CompletableFuture.completedFuture(o)
        : CompletableFuture.failedFuture(new NoSuchElementException("object " + object + " is not on " + id));
  }

  @Override
  public CompletableFuture<ObjectReader> openObject(ObjectId object) {
    ObjectReader r = objects.openLocal(object);
    return r != null ? CompletableFuture.completedFuture(r)
        : CompletableFuture.failedFuture(new NoSuchElementException("object " + object + " is not on " + id));
  }

  @Override
  public CompletableFuture<Byte> objectEncoding(ObjectId object) {
    return CompletableFuture.completedFuture(objects.localEncoding(object));
  }

  @Override
  public void pushObject(ObjectId object, SerializedObject value) {
    objects.receive(object, value);
  }

  @Override
  public void freeObjects(List<ObjectId> ids) {
    ids.forEach(objects::free);
  }

  @Override
  public void releaseObjects(List<ObjectId> ids) {
    objects.releaseAll(ids);
    ReferenceCounter r = objects.references();
    if (r != null) {
      r.outersReleased(ids); // refs a task's result made here held for its owner go with it
    }
  }

  @Override
  public CompletableFuture<Void> addBorrower(NodeId borrower, List<ObjectId> ids) {
    ReferenceCounter r = objects.references();
    if (r == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("node " + id + " counts no references"));
    }
    r.addBorrowers(borrower, ids);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void removeBorrower(NodeId borrower, List<ObjectId> ids) {
    ReferenceCounter r = objects.references();
    if (r != null) {
      r.removeBorrowers(borrower, ids);
    }
  }

  @Override
  public void objectMade(ObjectId object, NodeId holder, long sizeBytes) {
    objects.made(object, holder, sizeBytes);
  }

  @Override
  public void killActor(ActorId actor, String reason) {
    executor.actors().kill(actor, reason);
  }

  @Override
  public CompletableFuture<Boolean> runTask(TaskSpec spec) {
    return executor.runHere(spec).thenApply(v -> true);
  }

  @Override
  public CompletableFuture<Boolean> dropActor(ActorId actor) {
    return CompletableFuture.completedFuture(executor.actors().drop(actor));
  }

  @Override
  public void failTask(TaskSpec spec, TaskError error) {
    executor.fail(spec, error);
  }
}
