package org.miniray.gcs.zookeeper;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.JobTable;
import org.miniray.id.JobId;

/**
 * The job table of a {@link ZooKeeperGcs}. Its counter is no znode of its own: a registration is
 * an entry of the one global log, and the replay numbers it, one after the highest job so far, so
 * every client gives the same number to the same registration and two drivers registering at once
 * are put in one order by the log. The writer learns its number by reading its own registration
 * back from its replica once the entry is applied (registrations are idempotent, so the
 * registration's {@link JobInfo} finds it). A snapshot keeps the rows, and the counter with them.
 */
final class ZooKeeperJobTable implements JobTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;

  ZooKeeperJobTable(GcsStateMachine machine, ZooKeeperLogWriter writer) {
    this.machine = machine;
    this.writer = writer;
  }

  @Override
  public CompletableFuture<JobId> add(JobInfo info) {
    return writer.append(machine.globalLog(), new GcsLogEntry.AddJob(info)).thenApply(applied ->
        machine.replica().jobs().idOf(info).orElseThrow(() -> new IllegalStateException(
            "the job registration of " + info.driver() + " was logged but is not in this client's replica")));
  }

  @Override
  public CompletableFuture<Void> end(JobId id, JobState state, long endMillis) {
    return writer.append(machine.globalLog(), new GcsLogEntry.EndJob(id, state, endMillis));
  }

  @Override
  public CompletableFuture<Optional<JobEntry>> lookup(JobId id) {
    return machine.replica().jobTable().lookup(id);
  }

  @Override
  public CompletableFuture<List<JobEntry>> all() {
    return machine.replica().jobTable().all();
  }
}
