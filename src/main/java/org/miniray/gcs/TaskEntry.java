package org.miniray.gcs;

import org.miniray.id.NodeId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/** The task table's row: the spec (lineage), its status, the node it is on (or null) and its attempt count. */
public record TaskEntry(TaskSpec spec, TaskStatus status, NodeId node, int attempt) {}
