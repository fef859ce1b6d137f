package org.miniray.gcs.zookeeper;

import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * One write as a {@link ZooKeeperGcs} logs it: the call itself (an operation), not the row it
 * produces. Every client replays the same log in the same order through the same rules (an
 * {@link InMemoryGcs}), so every client reaches the same rows and the same verdicts: a call the
 * table refuses (an unknown task, a taken actor name, a retry with none left) is refused
 * identically everywhere and changes nothing.
 *
 * <p>Entries carry everything their effect depends on; in particular node-table entries carry
 * the writer's clock reading, so that a replay an hour later computes the same
 * {@code lastHeartbeatMillis}.
 *
 * <p>Entries are immutable, and so is everything they reach: the writer's own replica applies
 * the very objects appended (see {@link ZooKeeperLogReader}), not a decoded copy, so a caller
 * that changed one afterwards would make its replica differ from everyone else's. Lists are
 * copied here; the byte arrays are copies made for the entry ({@link LargeValueAppender}) or,
 * inside a {@link TaskSpec}'s arguments, the serializer's output, which nothing writes again.
 */
sealed interface GcsLogEntry {

  record AddTask(TaskSpec spec) implements GcsLogEntry {}

  /** A task added already at {@code status} ({@code TaskTable.add(spec, status, node)}): one entry where two were. */
  record AddTaskAt(TaskSpec spec, TaskStatus status, NodeId node) implements GcsLogEntry {}

  record UpdateTaskStatus(TaskId id, TaskStatus status, NodeId node) implements GcsLogEntry {}

  /**
   * A retry, granted by the replay only while the row's count is below {@code maxRetries}: the
   * check is part of the entry, so two clients that log one each at once spend two retries only
   * if two are left, whatever they had read.
   */
  record RetryTask(TaskId id, int maxRetries) implements GcsLogEntry {}

  record AddLocation(ObjectId id, NodeId node, long sizeBytes) implements GcsLogEntry {}

  record RemoveLocation(ObjectId id, NodeId node) implements GcsLogEntry {}

  /** A node's copies of several objects gone at once; logged in the shard of their ids. */
  record RemoveLocations(java.util.List<ObjectId> ids, NodeId node) implements GcsLogEntry {
    public RemoveLocations {
      ids = java.util.List.copyOf(ids);
    }
  }

  /** Logged in every shard: each shard's replay drops the node from that shard's rows only. */
  record RemoveNode(NodeId node) implements GcsLogEntry {}

  /** Rows their owner's reference counter forgot; logged in the shard of their ids. */
  record ForgetRows(java.util.List<ObjectId> objects, java.util.List<TaskId> tasks) implements GcsLogEntry {
    public ForgetRows {
      objects = java.util.List.copyOf(objects);
      tasks = java.util.List.copyOf(tasks);
    }
  }

  /**
   * Function code: small values inline, large ones as a reference to a chunked blob written
   * before the entry (see {@link LargeValueAppender}).
   */
  record PutFunction(JobId job, String resourceName, byte[] inline, String blobPath) implements GcsLogEntry {}

  /** An actor's checkpoint: small ones inline, large ones as a blob, as for {@link PutFunction}. */
  record SaveCheckpoint(JobId job, ActorId actor, byte[] inline, String blobPath) implements GcsLogEntry {}

  record LogCall(JobId job, ActorId actor, long index, TaskId call) implements GcsLogEntry {}

  /** Logged in every shard when the retention policy drops a finished job's rows. */
  record DropJob(JobId job) implements GcsLogEntry {}

  record PutActor(ActorEntry entry) implements GcsLogEntry {}

  record RegisterNode(NodeInfo info, long writerNanos) implements GcsLogEntry {}

  record Heartbeat(NodeId id, NodeLoad load, long writerNanos) implements GcsLogEntry {}

  record MarkDead(NodeId id) implements GcsLogEntry {}

  /** A job's registration: its number is the one the replay gives it, the same on every client. */
  record AddJob(JobInfo info) implements GcsLogEntry {}

  record EndJob(JobId id, JobState state, long endMillis) implements GcsLogEntry {}
}
