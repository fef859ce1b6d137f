package org.miniray.transport.netty;

import java.util.List;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;

/** The RPC message types of the node protocol (300-399) and their bodies. */
public final class NodeMessages {
  private NodeMessages() {}

  /** One-way: a {@link ToNode} carrying a {@link TaskSpec} the global scheduler placed there. */
  public static final int PLACE_TASK = 300;
  /** One-way: a {@link ToNode} carrying an actor call. */
  public static final int SUBMIT_ACTOR_TASK = 301;
  /** Request: a {@link ToNode} carrying an ObjectId; reply: the object's encoding (a Byte), or null if absent. */
  public static final int FETCH_META = 302;
  /** Request: a {@link ToNode} carrying an ObjectId; reply: the object's bytes, raw, sent in chunks. */
  public static final int FETCH_BODY = 303;
  /** One-way: a {@link ToNode} carrying a {@link KillActor}. */
  public static final int KILL_ACTOR = 304;
  /** One-way: a {@link ToNode} carrying a {@link FailTask}. */
  public static final int FAIL_TASK = 305;
  /** One-way: a {@link ToNode} carrying a {@link PushObject}, a small result for its owner. */
  public static final int PUSH_OBJECT = 306;

  /** One-way: a {@link ToNode} carrying a {@link FreeObjects}. */
  public static final int FREE_OBJECTS = 307;

  /** One-way: a {@link ToNode} carrying an {@link ObjectMade}, news of a large result for its owner. */
  public static final int OBJECT_MADE = 308;

  /**
   * One-way: a {@link ToNode} carrying {@link ActorCalls}, the actor calls queued for one node
   * while the previous message to it was being sent, in the order made.
   */
  public static final int SUBMIT_ACTOR_TASKS = 320;

  public static boolean isNode(int type) {
    return type >= 300 && type < 400;
  }

  /** A message for node {@code node} of the receiving process. */
  public record ToNode(NodeId node, Object payload) {}

  public record KillActor(ActorId actor, String reason) {}

  public record FailTask(TaskSpec spec, TaskError error) {}

  public record PushObject(ObjectId id, SerializedObject object) {}

  public record FreeObjects(List<ObjectId> ids) {}

  public record ActorCalls(List<TaskSpec> calls) {}

  public record ObjectMade(ObjectId id, NodeId holder, long sizeBytes) {}
}
