package org.miniray.gcs;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.JobId;

/**
 * The cluster's jobs, one row per driver program (Ray's job table): a driver registers when it
 * starts and gets the job's id, which every task and object id of the job derives from; it marks
 * the job finished when it shuts down, and the failure detector marks it failed if the driver's
 * node dies first.
 *
 * <p>Rules, besides those of {@link Gcs}:
 * <ul>
 *   <li>jobs are numbered from a counter the table keeps, in the order registrations reach it:
 *       1, 2, 3 ..., never reused, whatever the number of clients registering at once (so ids
 *       stay unique for as long as the GCS keeps its rows);
 *   <li>registering is idempotent: an equal {@link JobInfo} registered again (a driver retrying
 *       after a lost reply) gets the job it already has, not a new one;
 *   <li>a job ends once: the first {@link #end} sets its state and end time, later ones change
 *       nothing; rows are never removed.
 * </ul>
 */
public interface JobTable {

  /** Registers a {@link JobState#RUNNING} job; completes with its id. */
  CompletableFuture<JobId> add(JobInfo info);

  /**
   * Ends a job as {@code state} ({@link JobState#FINISHED} or {@link JobState#FAILED}) at
   * {@code endMillis}; does nothing to a job already ended. For a job never registered, or the
   * state {@code RUNNING}, the future fails with an {@link IllegalArgumentException} naming it.
   */
  CompletableFuture<Void> end(JobId id, JobState state, long endMillis);

  CompletableFuture<Optional<JobEntry>> lookup(JobId id);

  /** Every job, by id (so in the order they started). */
  CompletableFuture<List<JobEntry>> all();
}
