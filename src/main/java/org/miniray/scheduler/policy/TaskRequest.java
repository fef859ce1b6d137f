package org.miniray.scheduler.policy;

import org.miniray.id.TaskId;
import org.miniray.task.ResourceSet;

/**
 * The task a policy places.
 *
 * @param demand the resources it needs while it runs
 * @param inputBytes total size of its object arguments (wherever they are)
 */
public record TaskRequest(TaskId id, ResourceSet demand, long inputBytes) {}
