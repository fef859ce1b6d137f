package org.miniray.gcs.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * The task table of an {@link InMemoryGcs}; see {@link TaskEntry#attempt()} for how attempts count and
 * {@link TaskEntry#retries()} for retries.
 */
public final class InMemoryTaskTable implements TaskTable {
  private final GcsShards shards;
  private final ShardedMap<TaskId, TaskEntry> rows;

  InMemoryTaskTable(GcsShards shards) {
    this.shards = shards;
    this.rows = new ShardedMap<>("task", shards);
  }

  @Override
  public CompletableFuture<Void> add(TaskSpec spec) {
    return shards.run(() -> rows.update(spec.taskId(),
        old -> old != null ? old : new TaskEntry(spec, TaskStatus.SUBMITTED, null, 0, 0)));
  }

  @Override
  public CompletableFuture<Void> add(TaskSpec spec, TaskStatus status, NodeId node) {
    return shards.run(() -> rows.update(spec.taskId(), old -> moved(old != null ? old
        : new TaskEntry(spec, TaskStatus.SUBMITTED, null, 0, 0), status, node)));
  }

  @Override
  public CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node) {
    return shards.run(() -> rows.update(id, old -> {
      if (old == null) {
        throw new IllegalArgumentException("task " + id + " is not in the task table; add its spec before updating"
            + " its status to " + status);
      }
      return moved(old, status, node);
    }));
  }

  private static TaskEntry moved(TaskEntry old, TaskStatus status, NodeId node) {
    int attempt = startsAttempt(old.status(), status) ? old.attempt() + 1 : old.attempt();
    return new TaskEntry(old.spec(), status, node, attempt, old.retries());
  }

  /** The check and the spend are one update under the row's shard lock, so no caller sees a retry already spent. */
  @Override
  public CompletableFuture<Boolean> retry(TaskId id, int maxRetries) {
    return shards.complete(() -> {
      boolean[] granted = {false};
      rows.update(id, old -> {
        if (old == null) {
          throw new IllegalArgumentException("task " + id + " is not in the task table; add its spec before"
              + " retrying it");
        }
        if (old.retries() >= maxRetries) {
          return old; // unchanged: nobody is told of a change
        }
        granted[0] = true;
        return new TaskEntry(old.spec(), TaskStatus.FORWARDED, null, old.attempt(), old.retries() + 1);
      });
      return granted[0];
    });
  }

  @Override
  public CompletableFuture<Void> forget(Collection<TaskId> ids) {
    return shards.run(() -> ids.forEach(rows::remove));
  }

  /** Drops every row of {@code job} in one shard (a retention policy; see ZooKeeperGcs). */
  public void dropJobInShard(JobId job, int shard) {
    shards.checkOpen();
    rows.updateShard(shard, (id, old) -> old.spec().jobId().equals(job) ? null : old);
  }

  public List<TaskEntry> rowsInShard(int shard) {
    return List.copyOf(rows.rowsInShard(shard).values());
  }

  /** Puts a row back as a snapshot recorded it. */
  public void restore(TaskEntry e) {
    rows.update(e.spec().taskId(), old -> e);
  }

  @Override
  public CompletableFuture<Optional<TaskEntry>> lookup(TaskId id) {
    return shards.complete(() -> Optional.ofNullable(rows.get(id)));
  }

  @Override
  public Subscription subscribe(TaskId id, Consumer<TaskEntry> listener) {
    return rows.subscribe(id, listener);
  }

  @Override
  public CompletableFuture<List<TaskEntry>> entries(TaskStatus status) {
    if (status == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("entries(status) needs a status, not null"));
    }
    return shards.complete(() -> {
      List<TaskEntry> out = new ArrayList<>();
      for (TaskEntry e : rows.values()) {
        if (e.status() == status) {
          out.add(e);
        }
      }
      return out;
    });
  }

  // SCHEDULED then RUNNING is one attempt: only entering that pair from outside it counts.
  private static boolean startsAttempt(TaskStatus from, TaskStatus to) {
    return placed(to) && !placed(from);
  }

  private static boolean placed(TaskStatus s) {
    return s == TaskStatus.SCHEDULED || s == TaskStatus.RUNNING;
  }
}
