package org.miniray.gcs.zookeeper;

import java.util.List;
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
import org.miniray.gcs.memory.InMemoryCheckpointTable;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.ProtocolCodec;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * The format of a {@link ZooKeeperGcs} log's entries and snapshots: a {@link ProtocolCodec} over
 * one table of the classes they hold. The log outlives processes, so the table is part of what a
 * cluster's ZooKeeper keeps: append, never reorder. A log written by another version (another
 * table, or the reflective format before this codec) is refused when it is read, with an error
 * that says so, not misread.
 */
final class LogFormat {
  private LogFormat() {}

  /** Every class an entry or a snapshot may hold besides Fory's own; a class's id is its position. */
  static final List<Class<?>> CLASSES = List.of(
      // ids
      TaskId.class, ObjectId.class, NodeId.class, JobId.class, ActorId.class,
      // tasks
      TaskSpec.class, TaskKind.class, FunctionDescriptor.class, FunctionDescriptor.Kind.class, TaskArg.ByValue.class,
      TaskArg.ByRef.class, ResourceSet.class, TaskStatus.class, SerializedObject.class,
      // rows
      ObjectEntry.class, TaskEntry.class, ActorEntry.class, ActorState.class, NodeEntry.class, NodeInfo.class,
      NodeLoad.class, JobInfo.class, JobEntry.class, JobState.class,
      // entries
      GcsLogEntry.AddTask.class, GcsLogEntry.AddTaskAt.class, GcsLogEntry.UpdateTaskStatus.class, GcsLogEntry.RetryTask.class,
      GcsLogEntry.AddLocation.class, GcsLogEntry.RemoveLocation.class, GcsLogEntry.RemoveLocations.class,
      GcsLogEntry.RemoveNode.class, GcsLogEntry.ForgetRows.class, GcsLogEntry.PutFunction.class,
      GcsLogEntry.SaveCheckpoint.class, GcsLogEntry.LogCall.class, GcsLogEntry.DropJob.class,
      GcsLogEntry.PutActor.class, GcsLogEntry.RegisterNode.class, GcsLogEntry.Heartbeat.class,
      GcsLogEntry.MarkDead.class, GcsLogEntry.AddJob.class, GcsLogEntry.EndJob.class,
      // snapshots
      LogSnapshot.class, LogSnapshot.FunctionRow.class, LogSnapshot.CheckpointRow.class, LogSnapshot.CallRow.class,
      InMemoryCheckpointTable.ActorKey.class, InMemoryCheckpointTable.CallKey.class);

  static ProtocolCodec codec() {
    return Codec.LOG;
  }

  private static final class Codec {
    static final ProtocolCodec LOG = new ProtocolCodec("the GCS log's LogFormat.CLASSES", CLASSES);
  }
}
