package org.miniray.node;

import org.miniray.id.JobId;

/**
 * What a node does when a job ends (its driver shut down, exited or was declared dead): the one
 * message {@code NodeService.endJob} that whoever ends the job sends every live node lands here.
 * After it nothing of the job is left on the node that anybody could still read: its queued
 * tasks are dropped and its running ones cancelled without storing errors (nobody waits for
 * them), its objects are freed (copies, spilled files, this node's locations), its shipped
 * code's class loader is dropped, and a task or object of the job that arrives later is refused.
 * Calling it again for the same job does no harm.
 */
public interface JobEnd {

  /** Job {@code job} ended because of {@code cause}; returns promptly. */
  void ended(JobId job, String cause);
}
