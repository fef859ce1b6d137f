package org.miniray.gcs;

import org.miniray.id.JobId;

/**
 * The job table's row.
 *
 * @param endMillis when the job ended (by the clock of whoever ended it: its driver, or the
 *     failure detector), in milliseconds since the epoch; 0 while it runs
 */
public record JobEntry(JobId id, JobInfo info, JobState state, long endMillis) {

  /** How long it ran, or has run by {@code nowMillis} if it still runs. */
  public long durationMillis(long nowMillis) {
    return (state.isEnded() ? endMillis : nowMillis) - info.startMillis();
  }
}
