package org.miniray.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.ObjectReader;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;

/**
 * What a node offers the rest of the cluster. Every method returns promptly: work is queued,
 * never done on the caller's thread while it waits.
 */
public interface NodeService {

  /** Runs {@code spec} here: the global scheduler placed it on this node. */
  void placeTask(TaskSpec spec);

  /** Queues a call of an actor hosted here; calls from one caller run in sequence-number order. */
  void submitActorTask(TaskSpec spec);

  /** Queues several actor calls, in this order (as many {@link #submitActorTask}s). */
  default void submitActorTasks(List<TaskSpec> calls) {
    for (TaskSpec call : calls) {
      submitActorTask(call);
    }
  }

  /**
   * A copy of an object in this node's store; completes exceptionally with
   * {@link java.util.NoSuchElementException} when the object is not here.
   */
  CompletableFuture<SerializedObject> fetchObject(ObjectId id);

  /**
   * As {@link #fetchObject(ObjectId)}, offering {@code sink} the object's bytes as they arrive:
   * completes with null when the sink took them (opened, filled and completed it), with the object
   * when it declined them; a failed fetch leaves an opened body aborted. A transport that has no
   * bytes to receive (the object is already in this process's memory) ignores the sink.
   */
  default CompletableFuture<SerializedObject> fetchObject(ObjectId id, BodySink sink) {
    return fetchObject(id);
  }

  /**
   * A reader of the object's copy in this node's store (the caller closes it), or completes
   * exceptionally with {@link java.util.NoSuchElementException} when the object is not here: how
   * a node serves another process's pull in chunks, never holding a spilled object whole.
   */
  default CompletableFuture<ObjectReader> openObject(ObjectId id) {
    return fetchObject(id).thenApply(ObjectReader::of);
  }

  /**
   * The encoding of the object's copy in this node's store, or null when it is not here: what a
   * pull from another process asks first. A node answers without copying the object's bytes.
   */
  default CompletableFuture<Byte> objectEncoding(ObjectId id) {
    return fetchObject(id).handle((o, e) -> o == null ? null : o.encoding());
  }

  /**
   * A copy of a small task result this node owns (it submitted the task), sent by the node that
   * made it so that the owner's {@code get} needs no pull: stored as a secondary copy, its location
   * published, whoever waits for it here woken. A push that is lost costs only that pull.
   */
  void pushObject(ObjectId id, SerializedObject object);

  /**
   * A task result this node owns, too big to push, now exists on {@code holder}: whoever waits
   * for it here pulls it from there, without waiting for the object table's news of it. A notice
   * that is lost costs only time: the owner's fetch also hears it from the object table, later.
   * Services that cannot act on it ignore it.
   */
  default void objectMade(ObjectId id, NodeId holder, long sizeBytes) {}

  /** Stops actor {@code actor} if it lives here; its queued calls fail with {@code reason}. */
  void killActor(ActorId actor, String reason);

  /**
   * Runs normal task {@code spec} here now, for the node that dispatched it (this is one of its
   * worker processes): fetches its inputs, runs it, stores its result here and records it in the
   * task table. Completes when that is done, or exceptionally when the worker died of an
   * {@code Error}. Services that are no worker refuse.
   */
  default CompletableFuture<Boolean> runTask(TaskSpec spec) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this service runs no tasks for others"));
  }

  /**
   * Forgets actor {@code actor} if it lives here, as this node's death would, so that it can be
   * restarted ({@code kill(false)}): its queued calls neither run nor fail (their callers send
   * them again to the restarted actor, which replays what it had logged), and calls for it that
   * arrive later are ignored until it lives here again. Completes with whether it lived here.
   * Services that host no actors answer false.
   */
  default CompletableFuture<Boolean> dropActor(ActorId actor) {
    return CompletableFuture.completedFuture(false);
  }

  /** This node owns {@code spec} (it was submitted here) and the cluster cannot run it: store the error as its result. */
  void failTask(TaskSpec spec, TaskError error);

  /**
   * Frees these objects on this node ({@code Ray.internal().free}): their copies are deleted and
   * later fetches of them here fail.
   */
  void freeObjects(List<ObjectId> ids);

  /**
   * Releases these objects on this node: nothing references them any more ({@code
   * refcount.ReferenceCounter}), so their copies are deleted and their locations removed. Unlike
   * {@link #freeObjects} a released id is not remembered: lineage may make it again if a task
   * that needs it runs again.
   */
  void releaseObjects(List<ObjectId> ids);

  /**
   * Process {@code borrower} read refs to these objects back, and this node's process owns them
   * (refcount.ReferenceCounter): counts it as their borrower, then completes. The borrower hands the
   * value it read on only after that. Services that own nothing refuse.
   */
  default CompletableFuture<Void> addBorrower(NodeId borrower, List<ObjectId> ids) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this service owns no objects"));
  }

  /** Process {@code borrower} holds these objects, which this node's process owns, no more. */
  default void removeBorrower(NodeId borrower, List<ObjectId> ids) {}

  /**
   * Job {@code job} ended ({@code cause}: its driver shut down or was declared dead): this node
   * drops the job's queued tasks, cancels its running ones, frees its objects and drops its
   * shipped code; a task of it that arrives later is refused. Sent one-way to every live node by
   * whoever ends the job. Services that hold nothing of a job ignore it.
   */
  default void endJob(JobId job, String cause) {}

  /**
   * What this node holds (its store's copies) and the call sites of the objects it owns, in one
   * snapshot; no object's bytes are read. Services that hold no objects refuse.
   */
  default CompletableFuture<NodeObjects> listObjects() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this service holds no objects"));
  }
}
