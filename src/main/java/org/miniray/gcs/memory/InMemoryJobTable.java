package org.miniray.gcs.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.JobInfo;
import org.miniray.gcs.JobState;
import org.miniray.gcs.JobTable;
import org.miniray.id.JobId;

/**
 * The job table of an {@link InMemoryGcs}. Not sharded: the counter that numbers jobs is one
 * value, and jobs start a few times a minute, not thousands of times a second, so one lock over
 * the rows costs nothing. The counter is the highest id given out, so a table restored from its
 * rows (a {@code ZooKeeperGcs} replaying a snapshot) numbers on from where it was.
 */
public final class InMemoryJobTable implements JobTable {
  private final GcsShards shards;
  private final TreeMap<Integer, JobEntry> rows = new TreeMap<>();
  private final Map<JobInfo, JobId> registered = new HashMap<>();

  InMemoryJobTable(GcsShards shards) {
    this.shards = shards;
  }

  @Override
  public CompletableFuture<JobId> add(JobInfo info) {
    return shards.complete(() -> {
      synchronized (this) {
        JobId known = registered.get(info);
        if (known != null) {
          return known;
        }
        JobId id = new JobId(rows.isEmpty() ? 1 : rows.lastKey() + 1);
        rows.put(id.value(), new JobEntry(id, info, JobState.RUNNING, 0));
        registered.put(info, id);
        return id;
      }
    });
  }

  @Override
  public CompletableFuture<Void> end(JobId id, JobState state, long endMillis) {
    return shards.run(() -> {
      if (state == JobState.RUNNING) {
        throw new IllegalArgumentException("a job ends as FINISHED or FAILED, not RUNNING (job " + id + ")");
      }
      synchronized (this) {
        JobEntry e = rows.get(id.value());
        if (e == null) {
          throw new IllegalArgumentException("no job " + id + " (number " + id.value() + ") was ever registered");
        }
        if (!e.state().isEnded()) {
          rows.put(id.value(), new JobEntry(id, e.info(), state, endMillis));
        }
      }
    });
  }

  @Override
  public CompletableFuture<Optional<JobEntry>> lookup(JobId id) {
    return shards.complete(() -> {
      synchronized (this) {
        return Optional.ofNullable(rows.get(id.value()));
      }
    });
  }

  @Override
  public CompletableFuture<List<JobEntry>> all() {
    return shards.complete(this::rows);
  }

  /** The job {@code info} was registered as, if it was: what a replica's writer reads back. */
  public synchronized Optional<JobId> idOf(JobInfo info) {
    return Optional.ofNullable(registered.get(info));
  }

  /** Every row, by id, for a snapshot. */
  public synchronized List<JobEntry> rows() {
    return new ArrayList<>(rows.values());
  }

  /** Puts back a row as a snapshot recorded it; later registrations number on after it. */
  public synchronized void restore(JobEntry e) {
    rows.put(e.id().value(), e);
    registered.put(e.info(), e.id());
  }
}
