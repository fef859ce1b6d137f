package org.miniray.gcs.zookeeper;

import java.util.List;
import java.util.Map;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.memory.InMemoryCheckpointTable;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * The rows of one {@link ZooKeeperGcs} log as of one segment: what compaction writes so that
 * the segments it covers can be deleted.
 *
 * @param lastBatchByWriter for each writer, the last batch already applied, so that a batch
 *     logged twice (a retry after a lost acknowledgement) is still applied once
 */
record LogSnapshot(Map<String, Long> lastBatchByWriter, List<TaskEntry> tasks, List<ObjectEntry> objects,
    List<FunctionRow> functions, List<CheckpointRow> checkpoints, List<CallRow> calls, List<ActorEntry> actors,
    List<NodeEntry> nodes, List<JobEntry> jobs) {

  record FunctionRow(JobId job, String name, byte[] bytes) {}

  record CheckpointRow(InMemoryCheckpointTable.ActorKey key, byte[] bytes) {}

  record CallRow(InMemoryCheckpointTable.CallKey key, TaskId call) {}
}
