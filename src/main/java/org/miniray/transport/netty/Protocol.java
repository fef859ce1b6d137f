package org.miniray.transport.netty;

import java.util.List;
import java.util.Optional;
import org.miniray.events.Event;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.ProtocolCodec;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.WireCodec;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.NodeObjects;

/**
 * The whole wire protocol of a miniray cluster in one table: every message's number, who
 * receives it, whether it is a request (answered by one reply) or one-way, and the types of its
 * body and reply; then the record of every body. A frame's second byte says what the frame is
 * ({@link FrameKind}); a message frame's type field is a {@link Message} number.
 *
 * <p>Every remote call is made the same way: a typed stub sends a {@link Message} with its body
 * record through a {@link WireClient}, and the receiving process's {@link WireHandlers} run the
 * handler registered for that message. A number not in this table, a message the receiving process
 * does not serve, a request sent one-way (or the reverse) and a body of the wrong type are each
 * refused with an error naming the message.
 */
public final class Protocol {
  private Protocol() {}

  /** Who receives a message. */
  public enum Receiver {
    /** The head process: its GCS service, global scheduler, lineage replayer and actor supervisor. */
    HEAD,
    /** The process hosting the node named in the body (a {@link ToNode}). */
    NODE,
    /** Any member process, about itself. */
    ANY,
    /** A GCS client, pushed by the head on the client's own connection. */
    GCS_CLIENT
  }

  /** How a message travels. */
  public enum Kind {
    /** Answered by one reply (or an error) with the same request id. */
    REQUEST,
    /** No reply; sent in order with the sender's other messages on the connection. */
    ONE_WAY,
    /** Either: the sender chooses one-way when it never reads the reply (see {@code Gcs#objectTableWritingOneWay}). */
    REQUEST_OR_ONE_WAY
  }

  private static final Class<?> NONE = Void.class;

  /** Every message, by number. Numbers are part of the wire format: never reuse one. */
  public enum Message {
    // --- GCS tables (100-199): served by the head's GcsService, called through RemoteGcs ---
    OBJECT_ADD_LOCATION(100, Receiver.HEAD, Kind.REQUEST_OR_ONE_WAY, AddLocation.class, NONE),
    OBJECT_REMOVE_LOCATION(101, Receiver.HEAD, Kind.REQUEST_OR_ONE_WAY, RemoveLocation.class, NONE),
    OBJECT_REMOVE_NODE(102, Receiver.HEAD, Kind.REQUEST, NodeId.class, NONE),
    /** Reply: an {@code Optional<ObjectEntry>}. */
    OBJECT_LOOKUP(103, Receiver.HEAD, Kind.REQUEST, ObjectId.class, Optional.class),
    /** Body: a {@link Subscribe} whose key is an {@link ObjectId}; changes come back as {@link #NOTIFY}. */
    OBJECT_SUBSCRIBE(104, Receiver.HEAD, Kind.REQUEST, Subscribe.class, NONE),
    /** Entries their owner's reference counter forgot. */
    OBJECT_FORGET(105, Receiver.HEAD, Kind.REQUEST, ForgetObjects.class, NONE),
    /** A node's copies of a batch of objects, released by their owner's counter, are gone. */
    OBJECT_REMOVE_LOCATIONS(106, Receiver.HEAD, Kind.REQUEST_OR_ONE_WAY, RemoveLocations.class, NONE),
    TASK_ADD(110, Receiver.HEAD, Kind.REQUEST_OR_ONE_WAY, TaskSpec.class, NONE),
    TASK_UPDATE_STATUS(111, Receiver.HEAD, Kind.REQUEST, UpdateStatus.class, NONE),
    /** Reply: an {@code Optional<TaskEntry>}. */
    TASK_LOOKUP(112, Receiver.HEAD, Kind.REQUEST, TaskId.class, Optional.class),
    /** Reply: a {@code List<TaskEntry>}. */
    TASK_ENTRIES(113, Receiver.HEAD, Kind.REQUEST, TaskStatus.class, List.class),
    /** Body: a {@link Subscribe} whose key is a {@link TaskId}. */
    TASK_SUBSCRIBE(114, Receiver.HEAD, Kind.REQUEST, Subscribe.class, NONE),
    /** Rows their owner's reference counter forgot. */
    TASK_FORGET(115, Receiver.HEAD, Kind.REQUEST, ForgetTasks.class, NONE),
    /** Reply: a Boolean, whether a retry was left and is now spent ({@code TaskTable.retry}). */
    TASK_RETRY(116, Receiver.HEAD, Kind.REQUEST, RetryTask.class, Boolean.class),
    FUNCTION_PUT(120, Receiver.HEAD, Kind.REQUEST, PutFunction.class, NONE),
    /** Reply: an {@code Optional<byte[]>}. */
    FUNCTION_GET(121, Receiver.HEAD, Kind.REQUEST, GetFunction.class, Optional.class),
    CHECKPOINT_SAVE(125, Receiver.HEAD, Kind.REQUEST, SaveCheckpoint.class, NONE),
    /** Reply: an {@code Optional<byte[]>}, the actor's latest checkpoint. */
    CHECKPOINT_LATEST(126, Receiver.HEAD, Kind.REQUEST, ActorOfJob.class, Optional.class),
    CHECKPOINT_LOG_CALL(127, Receiver.HEAD, Kind.REQUEST, LogCall.class, NONE),
    /** Reply: an {@code Optional<TaskId>}, the call logged at that index. */
    CHECKPOINT_LOGGED_CALL(128, Receiver.HEAD, Kind.REQUEST, LoggedCall.class, Optional.class),
    ACTOR_PUT(130, Receiver.HEAD, Kind.REQUEST, ActorEntry.class, NONE),
    /** Reply: an {@code Optional<ActorEntry>}. */
    ACTOR_LOOKUP(131, Receiver.HEAD, Kind.REQUEST, ActorId.class, Optional.class),
    /** Reply: an {@code Optional<ActorEntry>}. */
    ACTOR_LOOKUP_BY_NAME(132, Receiver.HEAD, Kind.REQUEST, String.class, Optional.class),
    /** Reply: a {@code List<ActorId>}, the actors the job created. */
    ACTOR_OF_JOB(134, Receiver.HEAD, Kind.REQUEST, JobId.class, List.class),
    /** Body: a {@link Subscribe} whose key is an {@link ActorId}. */
    ACTOR_SUBSCRIBE(133, Receiver.HEAD, Kind.REQUEST, Subscribe.class, NONE),
    NODE_REGISTER(140, Receiver.HEAD, Kind.REQUEST, NodeInfo.class, NONE),
    NODE_HEARTBEAT(141, Receiver.HEAD, Kind.REQUEST, Heartbeat.class, NONE),
    NODE_MARK_DEAD(142, Receiver.HEAD, Kind.REQUEST, NodeId.class, NONE),
    /** Body: none; reply: a {@code List<NodeEntry>}. */
    NODE_ALL(143, Receiver.HEAD, Kind.REQUEST, NONE, List.class),
    /** Body: a {@link Subscribe} with no key: every node's changes. */
    NODE_SUBSCRIBE(144, Receiver.HEAD, Kind.REQUEST, Subscribe.class, NONE),
    /** Reply: the {@link JobId} the job table gave the driver. */
    JOB_ADD(150, Receiver.HEAD, Kind.REQUEST, JobInfo.class, JobId.class),
    JOB_END(151, Receiver.HEAD, Kind.REQUEST, EndJob.class, NONE),
    /** Reply: an {@code Optional<JobEntry>}. */
    JOB_LOOKUP(152, Receiver.HEAD, Kind.REQUEST, JobId.class, Optional.class),
    /** Body: none; reply: a {@code List<JobEntry>}, by id. */
    JOB_ALL(153, Receiver.HEAD, Kind.REQUEST, NONE, List.class),
    /** Body: the id (a Long) of a subscription of the sender's to close. */
    UNSUBSCRIBE(198, Receiver.HEAD, Kind.ONE_WAY, Long.class, NONE),
    /** A subscription's change, pushed by the head. */
    NOTIFY(199, Receiver.GCS_CLIENT, Kind.ONE_WAY, Notification.class, NONE),

    // --- the head's other services (200-299) ---
    /** A task a node's local scheduler forwards, for the global scheduler (RemoteGlobalScheduler). */
    SCHEDULE(200, Receiver.HEAD, Kind.ONE_WAY, TaskSpec.class, NONE),
    /** A task a driver submits, for the head node's local scheduler (RemoteGlobalScheduler.forDriver). */
    SUBMIT_FROM_DRIVER(201, Receiver.HEAD, Kind.ONE_WAY, TaskSpec.class, NONE),
    /**
     * The tasks a driver submitted while its connection sent the previous message, in the order
     * submitted; the head takes them in that order, each as a SUBMIT_FROM_DRIVER.
     */
    SUBMIT_FROM_DRIVER_BATCH(202, Receiver.HEAD, Kind.ONE_WAY, DriverTasks.class, NONE),
    /** Reply: the error to store in the lost object's place, or null while it is rebuilt (RemoteLineageReplayer). */
    RECONSTRUCT(220, Receiver.HEAD, Kind.REQUEST, ObjectId.class, SerializedObject.class),
    /** Reply: a Boolean, whether the task will run again. */
    ATTEMPT_FAILED(221, Receiver.HEAD, Kind.REQUEST, AttemptFailed.class, Boolean.class),
    /** Body: none; reply: a String, the head's settings as {@code miniray start} printed them (policy, GCS, logs). */
    HEAD_SETTINGS(223, Receiver.HEAD, Kind.REQUEST, NONE, String.class),
    /** Body: none; reply: a {@link HeadInfo}, which head this is and whether its GCS outlives it (cluster.HeadWatch). */
    HEAD_INFO(224, Receiver.HEAD, Kind.REQUEST, NONE, HeadInfo.class),
    /** An actor just registered, for the head's actor supervisor to restart if its node dies. */
    WATCH_ACTOR(222, Receiver.HEAD, Kind.ONE_WAY, ActorId.class, NONE),
    /** Body: none; reply: the receiving process's events, a {@code List<Event>} (ClusterEvents). */
    EVENTS(210, Receiver.ANY, Kind.REQUEST, NONE, List.class),

    // --- nodes (300-399): NettyTransport, one stub per NodeService call ---
    PLACE_TASK(300, Receiver.NODE, Kind.ONE_WAY, PlaceTask.class, NONE),
    SUBMIT_ACTOR_TASK(301, Receiver.NODE, Kind.ONE_WAY, ActorCall.class, NONE),
    /** Reply: the object's encoding (a Byte), or null if it is not there. */
    FETCH_META(302, Receiver.NODE, Kind.REQUEST, FetchObject.class, Byte.class),
    /** Reply: the object's bytes, raw (not encoded), streamed in chunks read from the holder's store (slabs or spilled file). */
    FETCH_BODY(303, Receiver.NODE, Kind.REQUEST, FetchObject.class, byte[].class),
    KILL_ACTOR(304, Receiver.NODE, Kind.ONE_WAY, KillActor.class, NONE),
    /** Reply: whether the actor lived there (a Boolean). */
    DROP_ACTOR(309, Receiver.NODE, Kind.REQUEST, DropActor.class, Boolean.class),
    /** A task for a worker process, from its node. Reply: true once it ran and its result is stored. */
    RUN_TASK(310, Receiver.NODE, Kind.REQUEST, RunTask.class, Boolean.class),
    FAIL_TASK(305, Receiver.NODE, Kind.ONE_WAY, FailTask.class, NONE),
    /** A small result, for its owner. */
    PUSH_OBJECT(306, Receiver.NODE, Kind.ONE_WAY, PushObject.class, NONE),
    FREE_OBJECTS(307, Receiver.NODE, Kind.ONE_WAY, FreeObjects.class, NONE),
    /** Objects nothing references any more, from their owner (refcount): delete the copy, forget nothing. */
    RELEASE_OBJECTS(311, Receiver.NODE, Kind.ONE_WAY, ReleaseObjects.class, NONE),
    /** A borrower's registration with the owner of objects whose refs it read back (refcount); answered once counted. */
    ADD_BORROWER(312, Receiver.NODE, Kind.REQUEST, Borrow.class, NONE),
    /** A borrower holds these objects no more. */
    REMOVE_BORROWER(313, Receiver.NODE, Kind.ONE_WAY, Borrow.class, NONE),
    /** Reply: a {@link org.miniray.transport.NodeObjects}, the node's copies and owned call sites (miniray memory). */
    LIST_OBJECTS(315, Receiver.NODE, Kind.REQUEST, ListObjects.class, NodeObjects.class),
    /** A job ended: drop its tasks, free its objects, drop its code (NodeService#endJob). */
    END_JOB(314, Receiver.NODE, Kind.ONE_WAY, EndJobOnNode.class, NONE),
    /** News of a large result, for its owner. */
    OBJECT_MADE(308, Receiver.NODE, Kind.ONE_WAY, ObjectMade.class, NONE),
    /** The actor calls queued for one node while the previous message to it was being sent, in the order made. */
    SUBMIT_ACTOR_TASKS(320, Receiver.NODE, Kind.ONE_WAY, ActorCalls.class, NONE),
    /** The tasks placed on one node while the previous message to it was being sent, in the order placed. */
    PLACE_TASKS(321, Receiver.NODE, Kind.ONE_WAY, PlaceTasks.class, NONE);

    private static final Message[] BY_NUMBER = new Message[400];

    static {
      for (Message m : values()) {
        if (BY_NUMBER[m.number] != null) {
          throw new ExceptionInInitializerError(m + " reuses number " + m.number + " of " + BY_NUMBER[m.number]);
        }
        BY_NUMBER[m.number] = m;
      }
    }

    private final int number;
    private final Receiver receiver;
    private final Kind kind;
    private final Class<?> body;
    private final Class<?> reply;

    Message(int number, Receiver receiver, Kind kind, Class<?> body, Class<?> reply) {
      this.number = number;
      this.receiver = receiver;
      this.kind = kind;
      this.body = body;
      this.reply = reply;
    }

    public int number() {
      return number;
    }

    public Receiver receiver() {
      return receiver;
    }

    public Kind kind() {
      return kind;
    }

    /** The body's type; {@code Void} for none. */
    public Class<?> body() {
      return body;
    }

    /** The reply's type; {@code Void} for none (and for every one-way message). */
    public Class<?> reply() {
      return reply;
    }

    /** Whether its reply is raw bytes rather than an encoded value. */
    boolean rawReply() {
      return reply == byte[].class;
    }

    boolean mayBeRequest() {
      return kind != Kind.ONE_WAY;
    }

    boolean mayBeOneWay() {
      return kind != Kind.REQUEST;
    }

    /** The message with this number, or null if the protocol has none. */
    public static Message of(int number) {
      return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** How logs and errors name it: {@code PLACE_TASK (300)}. */
    public String describe() {
      return name() + " (" + number + ")";
    }
  }

  /**
   * Every class a message body or reply may hold, other than Fory's own (Strings, boxed
   * primitives, arrays of them, JDK collections, {@code Optional}): the {@link WireCodec} writes a
   * class as its position here, never its name, and refuses one that is missing. Positions are
   * part of the wire format: append, never reorder (the codec's fingerprint of this list tells a
   * process of another version at its first message). {@code ProtocolClassesTest} walks the
   * records every {@link Message} can reach and fails if one is missing.
   */
  public static final List<Class<?>> CLASSES = List.of(
      // ids
      TaskId.class, ObjectId.class, NodeId.class, JobId.class, ActorId.class,
      // tasks
      TaskSpec.class, TaskKind.class, FunctionDescriptor.class, FunctionDescriptor.Kind.class, TaskArg.ByValue.class,
      TaskArg.ByRef.class, ResourceSet.class, TaskStatus.class, TaskError.class, TaskError.Kind.class,
      SerializedObject.class,
      // the GCS's rows
      ObjectEntry.class, TaskEntry.class, ActorEntry.class, ActorState.class, NodeEntry.class, NodeInfo.class,
      NodeLoad.class, JobInfo.class, JobEntry.class, JobState.class,
      // bodies and replies: GCS
      AddLocation.class, RemoveLocation.class, ForgetObjects.class, RemoveLocations.class, ForgetTasks.class,
      UpdateStatus.class, RetryTask.class, PutFunction.class, GetFunction.class, SaveCheckpoint.class,
      ActorOfJob.class, LogCall.class, LoggedCall.class, Heartbeat.class, EndJob.class, Subscribe.class,
      Notification.class,
      // bodies and replies: the head's other services
      AttemptFailed.class, DriverTasks.class, HeadInfo.class, Event.class, Event.Kind.class,
      // bodies and replies: nodes
      PlaceTask.class, PlaceTasks.class, ActorCall.class, ActorCalls.class, FetchObject.class, KillActor.class, DropActor.class,
      RunTask.class, FailTask.class, PushObject.class, FreeObjects.class, ReleaseObjects.class, Borrow.class,
      ListObjects.class, EndJobOnNode.class, ObjectMade.class, NodeObjects.class, NodeObjects.Copy.class);

  /** The codec of the wire: one per process, shared by its connections (it is thread-safe). */
  public static WireCodec codec() {
    return Codec.WIRE;
  }

  private static final class Codec {
    static final WireCodec WIRE = new WireCodec(new ProtocolCodec("Protocol.CLASSES", CLASSES));
  }

  /** The second byte of every frame: what the frame is for. The codes are part of the wire format. */
  enum FrameKind {
    /** Server to client, first frame on a connection: the server's 32-byte nonce. */
    CHALLENGE(1),
    /** Client to server: the client's nonce, then HMAC(token, "miniray-client" | serverNonce | clientNonce). */
    PROOF(2),
    /** Server to client: HMAC(token, "miniray-server" | clientNonce | serverNonce); the connection is open. */
    ACCEPT(3),
    /** Server to client: the proof was wrong; the server closes the connection after this frame. */
    REJECT(4),
    /** A call expecting a RESPONSE or ERROR_RESPONSE with the same request id. */
    REQUEST(10),
    /** The result of a REQUEST. */
    RESPONSE(11),
    /** The REQUEST failed: the body holds the remote exception's class and message. */
    ERROR_RESPONSE(12),
    /** A message needing no answer (including a server's push to a client). */
    ONE_WAY(13),
    /** A slice of a message too big for one frame; see {@link ChunkHandler}. */
    CHUNK(14),
    /** Either side, when it has sent nothing for a while: proof of life; see {@link KeepAliveHandler}. No body. */
    PING(15);

    final byte code;

    FrameKind(int code) {
      this.code = (byte) code;
    }

    /** The kind with this code, or null if there is none. */
    static FrameKind fromCode(byte code) {
      for (FrameKind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }

    /** Whether a frame of this kind can be larger than a chunk and so be sent as CHUNK frames. */
    boolean isMessage() {
      return this == REQUEST || this == RESPONSE || this == ERROR_RESPONSE || this == ONE_WAY;
    }
  }

  // --- bodies: GCS -------------------------------------------------------------------------

  public record AddLocation(ObjectId id, NodeId node, long sizeBytes) {}

  public record RemoveLocation(ObjectId id, NodeId node) {}

  public record ForgetObjects(List<ObjectId> ids) {}

  public record RemoveLocations(List<ObjectId> ids, NodeId node) {}

  public record ForgetTasks(List<TaskId> ids) {}

  public record UpdateStatus(TaskId id, TaskStatus status, NodeId node) {}

  public record RetryTask(TaskId id, int maxRetries) {}

  public record PutFunction(JobId job, String resourceName, byte[] bytes) {}

  public record GetFunction(JobId job, String resourceName) {}

  public record SaveCheckpoint(JobId job, ActorId actor, byte[] checkpoint) {}

  public record ActorOfJob(JobId job, ActorId actor) {}

  public record LogCall(JobId job, ActorId actor, long index, TaskId call) {}

  public record LoggedCall(JobId job, ActorId actor, long index) {}

  public record Heartbeat(NodeId id, NodeLoad load) {}

  public record EndJob(JobId id, JobState state, long endMillis) {}

  /**
   * A subscription: the client's id for its listener, and the key it watches (null for the node
   * table, which has none).
   */
  public record Subscribe(long subscription, Object key) {}

  /**
   * A change pushed to a subscriber: which subscription, and the new entry (an {@link ObjectEntry},
   * {@link TaskEntry}, {@link ActorEntry} or {@link NodeEntry}).
   */
  public record Notification(long subscription, Object entry) {}

  /**
   * A body whose parts must hold together beyond their types: checked when sent and when received
   * ({@code WireClient.checked}), so a malformed one is refused there, naming what is wrong.
   */
  public interface Checked {
    /** @throws IllegalArgumentException naming what is wrong */
    void check();
  }

  /** A batch holds at least two tasks and no null: one alone travels in its message for one. */
  static void checkBatch(String message, List<TaskSpec> tasks) {
    if (tasks == null || tasks.size() < 2) {
      throw new IllegalArgumentException("a " + message + " batch must hold at least two tasks, not "
          + (tasks == null ? "none (null)" : tasks.size()));
    }
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i) == null) {
        throw new IllegalArgumentException("a " + message + " batch holds no task at position " + i + " of "
            + tasks.size());
      }
    }
  }

  // --- bodies: the head's other services ---------------------------------------------------

  public record AttemptFailed(TaskSpec spec, String why) {}

  /** Several tasks of a driver, in the order submitted (at least two: one goes as a SUBMIT_FROM_DRIVER). */
  public record DriverTasks(List<TaskSpec> tasks) implements Checked {
    @Override
    public void check() {
      checkBatch("SUBMIT_FROM_DRIVER_BATCH", tasks);
    }
  }

  /**
   * Which head answers: {@code incarnation} is new each time a head process starts, so a process
   * that reconnects can tell a restarted head from a connection that came back; whether its GCS
   * ({@code gcs}, as {@code --gcs} named it) outlives the head process; and the head's heartbeat
   * timeout, within which the processes joined to it must hear from it again.
   */
  public record HeadInfo(String incarnation, String gcs, boolean gcsOutlivesHead, long heartbeatTimeoutMs) {}

  // --- bodies: nodes ----------------------------------------------------------------------

  /** A message for one node of the receiving process. */
  public sealed interface ToNode permits PlaceTask, PlaceTasks, ActorCall, ActorCalls, FetchObject, KillActor, DropActor,
      RunTask, FailTask, PushObject, FreeObjects, ReleaseObjects, ObjectMade, Borrow, EndJobOnNode,
      ListObjects {
    NodeId node();
  }

  public record PlaceTask(NodeId node, TaskSpec spec) implements ToNode {}

  public record PlaceTasks(NodeId node, List<TaskSpec> specs) implements ToNode, Checked {
    @Override
    public void check() {
      checkBatch("PLACE_TASKS", specs);
    }
  }

  public record ActorCall(NodeId node, TaskSpec call) implements ToNode {}

  public record ActorCalls(NodeId node, List<TaskSpec> calls) implements ToNode, Checked {
    @Override
    public void check() {
      checkBatch("SUBMIT_ACTOR_TASKS", calls);
    }
  }

  public record FetchObject(NodeId node, ObjectId id) implements ToNode {}

  public record KillActor(NodeId node, ActorId actor, String reason) implements ToNode {}

  public record DropActor(NodeId node, ActorId actor) implements ToNode {}

  public record RunTask(NodeId node, TaskSpec spec) implements ToNode {}

  public record FailTask(NodeId node, TaskSpec spec, TaskError error) implements ToNode {}

  public record PushObject(NodeId node, ObjectId id, SerializedObject object) implements ToNode {}

  public record FreeObjects(NodeId node, List<ObjectId> ids) implements ToNode {}

  public record ReleaseObjects(NodeId node, List<ObjectId> ids) implements ToNode {}

  /** {@code node}: the owner's node; {@code borrower}: the borrowing process's node. */
  public record Borrow(NodeId node, NodeId borrower, List<ObjectId> ids) implements ToNode {}

  /** Body of {@link Message#LIST_OBJECTS}. */
  public record ListObjects(NodeId node) implements ToNode {}

  /** Body of {@link Message#END_JOB}. */
  public record EndJobOnNode(NodeId node, JobId job, String cause) implements ToNode {}

  public record ObjectMade(NodeId node, ObjectId id, NodeId holder, long sizeBytes) implements ToNode {}
}
