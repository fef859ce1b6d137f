package org.miniray.transport;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.ActorId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;

/** A node for transport tests: accepts every message, holds no object; a test overrides what it records. */
public class IdleNode implements NodeService {
  @Override
  public void placeTask(TaskSpec spec) {}

  @Override
  public void submitActorTask(TaskSpec spec) {}

  @Override
  public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
    return CompletableFuture.failedFuture(new NoSuchElementException("object " + id + " is not here"));
  }

  @Override
  public void pushObject(ObjectId id, SerializedObject object) {}

  @Override
  public void killActor(ActorId actor, String reason) {}

  @Override
  public void failTask(TaskSpec spec, TaskError error) {}

  @Override
  public void freeObjects(List<ObjectId> ids) {}

  @Override
  public void releaseObjects(List<ObjectId> ids) {}
}
