package org.miniray.gcs;

import org.miniray.id.NodeId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * The task table's row.
 *
 * @param spec the first spec added under this id: the lineage
 * @param node the node it is on, or null
 * @param attempt how many times the task has been placed: 0 when added, plus 1 each time its
 *     status enters {@code SCHEDULED} or {@code RUNNING} from any other status. So
 *     SCHEDULED then RUNNING is one attempt, a retry after FAILED or a re-execution after
 *     FINISHED (lineage) is the next, and a spillback (SCHEDULED, FORWARDED, SCHEDULED) also
 *     counts, as the task was placed again. Not the retry budget: see {@code retries}.
 * @param retries how many of its spec's {@code maxRetries} lineage has spent running it again (a
 *     lost result rebuilt, or a failed attempt retried): 0 when added, plus 1 at each granted
 *     {@link TaskTable#retry}. It lives here, not in the head that decides, so that a head started
 *     again on the same GCS spends no retry twice.
 */
public record TaskEntry(TaskSpec spec, TaskStatus status, NodeId node, int attempt, int retries) {}
