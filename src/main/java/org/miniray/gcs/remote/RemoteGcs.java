package org.miniray.gcs.remote;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.GcsWithNodeTable;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.CheckpointTable;
import org.miniray.gcs.FunctionTable;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.JobTable;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.Protocol.ActorOfJob;
import org.miniray.transport.netty.Protocol.AddLocation;
import org.miniray.transport.netty.Protocol.EndJob;
import org.miniray.transport.netty.Protocol.GetFunction;
import org.miniray.transport.netty.Protocol.Heartbeat;
import org.miniray.transport.netty.Protocol.LogCall;
import org.miniray.transport.netty.Protocol.LoggedCall;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.Protocol.Notification;
import org.miniray.transport.netty.Protocol.PutFunction;
import org.miniray.transport.netty.Protocol.ForgetObjects;
import org.miniray.transport.netty.Protocol.ForgetTasks;
import org.miniray.transport.netty.Protocol.RemoveLocation;
import org.miniray.transport.netty.Protocol.RemoveLocations;
import org.miniray.transport.netty.Protocol.RetryTask;
import org.miniray.transport.netty.Protocol.SaveCheckpoint;
import org.miniray.transport.netty.Protocol.UpdateStatus;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * The GCS of a cluster, reached from another process: every table method is one {@code
 * Protocol} message to the head, and subscriptions receive the head's pushes. Listeners run on
 * the connection's thread and must not block, as the {@link Gcs} contract says.
 *
 * <p>The head forgets a connection's subscriptions when the connection drops. So when the
 * client reconnects (at its next call; a node heartbeats often) every open subscription is made
 * again, under the same id: the head then sends each one's current entry first, as for any new
 * subscription, so a listener learns whatever changed while it was cut off (changes in between
 * are summed up in that entry, which the contract allows: each change at least once, or its
 * result).
 *
 * <p>{@link #objectTableWritingOneWay} and {@link #taskTableAddingOneWay} send their writes
 * one-way: their futures complete once sent, not once applied (the head logs a failure). They
 * travel on the same connection as every other call, so the head applies them in the order made,
 * before any later call or message of this client; the head sends no reply, and this client keeps
 * no pending call for them.
 */
public final class RemoteGcs implements Gcs {
  private final WireClient head;
  private final HeadRetries retries;
  private final RemoteSubscriptions subscriptions = new RemoteSubscriptions();
  private volatile boolean closed;
  private final ObjectTable objects = new Objects(false);
  private final ObjectTable objectsWritingOneWay = new Objects(true);
  private final TaskTable tasks = new Tasks(false);
  private final TaskTable tasksAddingOneWay = new Tasks(true);
  private final FunctionTable functions = new Functions();
  private final CheckpointTable checkpoints = new Checkpoints();
  private final ActorTable actors = new Actors();
  private final NodeTable nodes = new Nodes();
  private final JobTable jobs = new Jobs();
  private final GcsTables tables = new GcsTables(objects, tasks, functions, checkpoints, actors, nodes, jobs);

  private RemoteGcs(WireCodec codec, RpcConfig config, ClusterToken token, List<InetSocketAddress> heads,
      long retryTimeoutMs) {
    // The head's pushes are served as any message is: a GCS client takes NOTIFY and nothing else.
    WireHandlers pushes = new WireHandlers("a GCS client", codec)
        .take(Message.NOTIFY, (from, n) -> subscriptions.notified((Notification) n));
    this.head = new WireClient(RpcClient.connect(config, token, heads, pushes), codec);
    this.retries = new HeadRetries(head, retryTimeoutMs);
    head.connection().whenReconnected(() -> subscriptions.renew(head));
  }

  /** Connects to the head at {@code head}, authenticating with {@code token}; a call fails as soon as the head cannot be reached. */
  public static RemoteGcs connect(WireCodec codec, RpcConfig config, ClusterToken token, InetSocketAddress head) {
    return new RemoteGcs(codec, config, token, List.of(head), 0);
  }

  /**
   * Connects to whichever of {@code heads} answers (an active head and its standbys); after a
   * reconnection, whichever answers then.
   */
  public static RemoteGcs connect(WireCodec codec, RpcConfig config, ClusterToken token, List<InetSocketAddress> heads) {
    return new RemoteGcs(codec, config, token, heads, 0);
  }

  /**
   * As {@link #connect(WireCodec, RpcConfig, ClusterToken, List)}, but calls and
   * writes made while the head cannot be reached are retried for up to {@code retryTimeoutMs}
   * ({@link HeadRetries}): a node's or a driver's, which outlive a restart of their head.
   */
  public static RemoteGcs connect(WireCodec codec, RpcConfig config, ClusterToken token, List<InetSocketAddress> heads,
      long retryTimeoutMs) {
    return new RemoteGcs(codec, config, token, heads, retryTimeoutMs);
  }

  /** The connection to the head, which other head services share. */
  public WireClient client() {
    return head;
  }

  /** The connection to the head, its calls retried as this GCS's are while the head is away. */
  public HeadRetries retries() {
    return retries;
  }

  private <R> CompletableFuture<R> call(Message message, Object body) {
    return closed ? closedFuture() : unwrapped(retries.<R>call(message, body));
  }

  /**
   * A call made once, not through {@link HeadRetries}: for a write that must not be applied twice.
   * One lost with its connection may or may not have been applied, and its caller is told it failed.
   */
  private <R> CompletableFuture<R> callOnce(Message message, Object body) {
    return closed ? closedFuture() : unwrapped(head.<R>call(message, body));
  }

  private static <R> CompletableFuture<R> closedFuture() {
    return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
  }

  private static <R> CompletableFuture<R> unwrapped(CompletableFuture<R> reply) {
    return reply.handle((r, error) -> {
      if (error != null) {
        throw new CompletionException(RemoteErrors.unwrap(error));
      }
      return r;
    });
  }

  private CompletableFuture<Void> write(Message message, Object body, boolean oneWay) {
    if (!oneWay || closed) {
      return call(message, body);
    }
    return retries.send(message, body);
  }

  private Subscription subscribe(Message message, Object key, Consumer<?> listener) {
    if (closed) {
      throw new IllegalStateException("GCS is closed");
    }
    return subscriptions.open(head, message, key, listener);
  }

  private final class Objects implements ObjectTable {
    private final boolean oneWay;

    Objects(boolean oneWay) {
      this.oneWay = oneWay;
    }

    @Override
    public CompletableFuture<Void> addLocation(ObjectId id, NodeId node, long sizeBytes) {
      return write(Message.OBJECT_ADD_LOCATION, new AddLocation(id, node, sizeBytes), oneWay);
    }

    @Override
    public CompletableFuture<Void> removeLocation(ObjectId id, NodeId node) {
      return write(Message.OBJECT_REMOVE_LOCATION, new RemoveLocation(id, node), oneWay);
    }

    @Override
    public CompletableFuture<Void> removeLocations(Collection<ObjectId> ids, NodeId node) {
      return write(Message.OBJECT_REMOVE_LOCATIONS, new RemoveLocations(List.copyOf(ids), node), oneWay);
    }

    @Override
    public CompletableFuture<Void> removeNode(NodeId node) {
      return call(Message.OBJECT_REMOVE_NODE, node);
    }

    @Override
    public CompletableFuture<Void> forget(Collection<ObjectId> ids) {
      return call(Message.OBJECT_FORGET, new ForgetObjects(List.copyOf(ids)));
    }

    @Override
    public CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id) {
      return call(Message.OBJECT_LOOKUP, id);
    }

    @Override
    public Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener) {
      return RemoteGcs.this.subscribe(Message.OBJECT_SUBSCRIBE, id, listener);
    }

    @Override
    public String toString() {
      return "RemoteGcs.objects";
    }
  }

  private final class Tasks implements TaskTable {
    private final boolean addOneWay;

    Tasks(boolean addOneWay) {
      this.addOneWay = addOneWay;
    }

    @Override
    public CompletableFuture<Void> add(TaskSpec spec) {
      return write(Message.TASK_ADD, spec, addOneWay);
    }

    @Override
    public CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node) {
      return call(Message.TASK_UPDATE_STATUS, new UpdateStatus(id, status, node));
    }

    /** Made once: a retry made again after a lost answer would spend a second retry. */
    @Override
    public CompletableFuture<Boolean> retry(TaskId id, int maxRetries) {
      return callOnce(Message.TASK_RETRY, new RetryTask(id, maxRetries));
    }

    @Override
    public CompletableFuture<Void> forget(Collection<TaskId> ids) {
      return call(Message.TASK_FORGET, new ForgetTasks(List.copyOf(ids)));
    }

    @Override
    public CompletableFuture<Optional<TaskEntry>> lookup(TaskId id) {
      return call(Message.TASK_LOOKUP, id);
    }

    @Override
    public Subscription subscribe(TaskId id, Consumer<TaskEntry> listener) {
      return RemoteGcs.this.subscribe(Message.TASK_SUBSCRIBE, id, listener);
    }

    @Override
    public CompletableFuture<List<TaskEntry>> entries(TaskStatus status) {
      return call(Message.TASK_ENTRIES, status);
    }

    @Override
    public String toString() {
      return "RemoteGcs.tasks";
    }
  }

  private final class Functions implements FunctionTable {
    @Override
    public CompletableFuture<Void> put(JobId job, String resourceName, byte[] bytes) {
      return call(Message.FUNCTION_PUT, new PutFunction(job, resourceName, bytes));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(JobId job, String resourceName) {
      return call(Message.FUNCTION_GET, new GetFunction(job, resourceName));
    }

    @Override
    public String toString() {
      return "RemoteGcs.functions";
    }
  }

  private final class Checkpoints implements CheckpointTable {
    @Override
    public CompletableFuture<Void> saveCheckpoint(JobId job, ActorId actor, byte[] checkpoint) {
      return call(Message.CHECKPOINT_SAVE, new SaveCheckpoint(job, actor, checkpoint));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> latestCheckpoint(JobId job, ActorId actor) {
      return call(Message.CHECKPOINT_LATEST, new ActorOfJob(job, actor));
    }

    @Override
    public CompletableFuture<Void> logCall(JobId job, ActorId actor, long index, TaskId call) {
      return call(Message.CHECKPOINT_LOG_CALL, new LogCall(job, actor, index, call));
    }

    @Override
    public CompletableFuture<Optional<TaskId>> loggedCall(JobId job, ActorId actor, long index) {
      return call(Message.CHECKPOINT_LOGGED_CALL, new LoggedCall(job, actor, index));
    }

    @Override
    public String toString() {
      return "RemoteGcs.checkpoints";
    }
  }

  private final class Actors implements ActorTable {
    @Override
    public CompletableFuture<Void> put(ActorEntry entry) {
      return call(Message.ACTOR_PUT, entry);
    }

    @Override
    public CompletableFuture<Optional<ActorEntry>> lookup(ActorId id) {
      return call(Message.ACTOR_LOOKUP, id);
    }

    @Override
    public CompletableFuture<Optional<ActorEntry>> lookupByName(String name) {
      return call(Message.ACTOR_LOOKUP_BY_NAME, name);
    }

    @Override
    public CompletableFuture<List<ActorId>> ofJob(JobId job) {
      return call(Message.ACTOR_OF_JOB, job);
    }

    @Override
    public Subscription subscribe(ActorId id, Consumer<ActorEntry> listener) {
      return RemoteGcs.this.subscribe(Message.ACTOR_SUBSCRIBE, id, listener);
    }

    @Override
    public String toString() {
      return "RemoteGcs.actors";
    }
  }

  private final class Nodes implements NodeTable {
    @Override
    public CompletableFuture<Void> register(NodeInfo info) {
      return call(Message.NODE_REGISTER, info);
    }

    @Override
    public CompletableFuture<Void> heartbeat(NodeId id, NodeLoad load) {
      return call(Message.NODE_HEARTBEAT, new Heartbeat(id, load));
    }

    @Override
    public CompletableFuture<Void> markDead(NodeId id) {
      return call(Message.NODE_MARK_DEAD, id);
    }

    @Override
    public CompletableFuture<List<NodeEntry>> all() {
      return call(Message.NODE_ALL, null);
    }

    @Override
    public Subscription subscribe(Consumer<NodeEntry> listener) {
      return RemoteGcs.this.subscribe(Message.NODE_SUBSCRIBE, null, listener);
    }

    @Override
    public String toString() {
      return "RemoteGcs.nodes";
    }
  }

  private final class Jobs implements JobTable {
    @Override
    public CompletableFuture<JobId> add(JobInfo info) {
      return call(Message.JOB_ADD, info);
    }

    @Override
    public CompletableFuture<Void> end(JobId id, JobState state, long endMillis) {
      return call(Message.JOB_END, new EndJob(id, state, endMillis));
    }

    @Override
    public CompletableFuture<Optional<JobEntry>> lookup(JobId id) {
      return call(Message.JOB_LOOKUP, id);
    }

    @Override
    public CompletableFuture<List<JobEntry>> all() {
      return call(Message.JOB_ALL, null);
    }

    @Override
    public String toString() {
      return "RemoteGcs.jobs";
    }
  }

  @Override
  public GcsTables tables() {
    return tables;
  }

  @Override
  public ObjectTable objectTableWritingOneWay() {
    return objectsWritingOneWay;
  }

  @Override
  public TaskTable taskTableAddingOneWay() {
    return tasksAddingOneWay;
  }

  /**
   * This GCS with the node table of {@code lane}, a second connection to the same head: a
   * process's heartbeats and its news of deaths then never wait behind its other traffic (a
   * driver's thousands of submits queued on one connection held its heartbeats for seconds, and
   * got it declared dead). Closing it closes both.
   */
  public Gcs withNodeTableOf(RemoteGcs lane) {
    return new GcsWithNodeTable(this, lane.nodeTable(), () -> {
      lane.close();
      close();
    });
  }

  @Override
  public void close() {
    closed = true;
    subscriptions.close();
    head.connection().close();
  }
}
