package org.miniray.gcs.zookeeper.simple;

import static org.miniray.gcs.zookeeper.simple.SimpleZnodes.SEP;
import static org.miniray.gcs.zookeeper.simple.SimpleZnodes.code;

import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.TaskTable;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * Lab 5's task table: the znode {@code tasks/<shard>/<taskId>} holds the spec; each status
 * update is a sequential child {@code <STATUS>~<node>~<sequence>} (node empty when null).
 * See {@link ZooKeeperSimpleGcs} for the layout and {@link SimpleZnodes} for the calls.
 */
final class ZooKeeperSimpleTaskTable implements TaskTable {
  /** The first part of a retry's child, where a status update has its status. */
  private static final String RETRY = "RETRY";

  private final SimpleZnodes z;

  ZooKeeperSimpleTaskTable(SimpleZnodes z) {
    this.z = z;
  }

  private String path(TaskId id) {
    return z.rowPath("tasks", id);
  }

  @Override
  public CompletableFuture<Void> add(TaskSpec spec) {
    // BEGIN SOLUTION(lab5)
    // Create the task's znode with its spec as data (z.create, PERSISTENT); if it exists already, keep it: the first spec is the lineage.
    return z.create(path(spec.taskId()), z.write(spec), CreateMode.PERSISTENT).thenApply(e -> {
      if (code(e) != Code.OK && code(e) != Code.NODEEXISTS) {
        throw SimpleZnodes.failure(e);
      }
      return null;
    });
    // END SOLUTION
  }

  @Override
  public CompletableFuture<Void> updateStatus(TaskId id, TaskStatus status, NodeId node) {
    // BEGIN SOLUTION(lab5)
    // Add a PERSISTENT_SEQUENTIAL child "<STATUS>~<node>~" to the task's znode; no znode (NONODE) means an unknown task: fail with an IllegalArgumentException naming it.
    String child = status.name() + SEP + (node == null ? "" : SimpleZnodes.encode(node.value())) + SEP;
    return z.create(path(id) + "/" + child, new byte[0], CreateMode.PERSISTENT_SEQUENTIAL).thenApply(e -> {
      if (code(e) == Code.NONODE) {
        throw new IllegalArgumentException("task " + id + " is not in the task table; add its spec before updating"
            + " its status to " + status);
      }
      if (code(e) != Code.OK) {
        throw SimpleZnodes.failure(e);
      }
      return null;
    });
    // END SOLUTION
  }

  /**
   * Not a lab region: a retry is one more sequential child, {@code RETRY~<maxRetries>~<sequence>},
   * which {@link #apply} grants only while the row's count is below its limit. ZooKeeper orders it
   * among the row's other updates, so every reader folds it the same way; this caller learns its
   * verdict by folding the row's children up to its own.
   */
  @Override
  public CompletableFuture<Boolean> retry(TaskId id, int maxRetries) {
    String path = path(id);
    return z.getData(path).thenCompose(data -> {
      if (code(data) == Code.NONODE) {
        throw new IllegalArgumentException("task " + id + " is not in the task table; add its spec before"
            + " retrying it");
      }
      if (code(data) != Code.OK) {
        throw SimpleZnodes.failure(data);
      }
      TaskEntry added = added((TaskSpec) z.read(data.getData()));
      String child = path + "/" + RETRY + SEP + maxRetries + SEP;
      return z.create(child, new byte[0], CreateMode.PERSISTENT_SEQUENTIAL).thenCompose(created -> {
        if (code(created) != Code.OK) {
          throw SimpleZnodes.failure(created);
        }
        long mine = SimpleZnodes.sequence(created.getName());
        return z.getChildren(path).thenApply(children -> {
          if (code(children) != Code.OK) {
            throw SimpleZnodes.failure(children);
          }
          TaskEntry before = added;
          for (String update : SimpleZnodes.bySequence(children.getChildren())) {
            if (SimpleZnodes.sequence(update) >= mine) {
              break;
            }
            before = apply(before, update);
          }
          return before.retries() < maxRetries;
        });
      });
    });
  }

  /** Not a lab region: deleting a row and its children is one Curator call. */
  @Override
  public CompletableFuture<Void> forget(Collection<TaskId> ids) {
    return CompletableFuture.allOf(ids.stream().map(id -> z.deleteRow(path(id)))
        .toArray(CompletableFuture<?>[]::new));
  }

  @Override
  public CompletableFuture<Optional<TaskEntry>> lookup(TaskId id) {
    // BEGIN SOLUTION(lab5)
    // Read the spec (z.getData; NONODE: empty), then the children (z.getChildren), and fold the updates in sequence order.
    String path = path(id);
    return z.getData(path).thenCompose(data -> {
      if (code(data) == Code.NONODE) {
        return CompletableFuture.completedFuture(Optional.<TaskEntry>empty());
      }
      if (code(data) != Code.OK) {
        throw SimpleZnodes.failure(data);
      }
      return z.getChildren(path).thenApply(children -> {
        if (code(children) != Code.OK) {
          throw SimpleZnodes.failure(children);
        }
        TaskEntry e = added((TaskSpec) z.read(data.getData()));
        for (String update : SimpleZnodes.bySequence(children.getChildren())) {
          e = apply(e, update);
        }
        return Optional.of(e);
      });
    });
    // END SOLUTION
  }

  @Override
  public Subscription subscribe(TaskId id, Consumer<TaskEntry> listener) {
    // BEGIN SOLUTION(lab5)
    // z.watch the task's znode: tell the listener the whole entry the first time, then one entry per update not yet seen, in sequence order.
    long[] seen = {-1}; // the sequence of the last update told
    TaskEntry[] entry = {null};
    return z.watch(path(id), row -> {
      boolean first = entry[0] == null;
      if (first) {
        entry[0] = added((TaskSpec) z.read(row.data()));
      }
      for (String update : row.children()) {
        if (SimpleZnodes.sequence(update) > seen[0]) {
          entry[0] = apply(entry[0], update);
          seen[0] = SimpleZnodes.sequence(update);
          if (!first) {
            SimpleZnodes.tell(listener, entry[0]);
          }
        }
      }
      if (first) {
        SimpleZnodes.tell(listener, entry[0]);
      }
    });
    // END SOLUTION
  }

  /**
   * Every row whose status is {@code status}: lists each shard's rows and reads each one through
   * {@link #lookup}, a round trip per row, which a restart can afford (not part of lab 5).
   */
  @Override
  public CompletableFuture<List<TaskEntry>> entries(TaskStatus status) {
    if (status == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("entries(status) needs a status, not null"));
    }
    List<CompletableFuture<List<TaskEntry>>> shards = new ArrayList<>();
    for (int s = 0; s < z.shards(); s++) {
      shards.add(z.getChildren(z.tablePath("tasks", s)).thenCompose(children -> {
        if (code(children) == Code.NONODE) {
          return CompletableFuture.completedFuture(List.<TaskEntry>of());
        }
        if (code(children) != Code.OK) {
          throw SimpleZnodes.failure(children);
        }
        List<CompletableFuture<Optional<TaskEntry>>> rows = new ArrayList<>();
        for (String name : children.getChildren()) {
          rows.add(lookup(taskIdOf(SimpleZnodes.decode(name))));
        }
        return CompletableFuture.allOf(rows.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
          List<TaskEntry> out = new ArrayList<>();
          for (CompletableFuture<Optional<TaskEntry>> r : rows) {
            r.join().filter(e -> e.status() == status).ifPresent(out::add);
          }
          return out;
        });
      }));
    }
    return CompletableFuture.allOf(shards.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<TaskEntry> all = new ArrayList<>();
      shards.forEach(f -> all.addAll(f.join()));
      return all;
    });
  }

  // The inverse of TaskId.toString ("T" and 16 hex digits), which names the row's znode.
  private static TaskId taskIdOf(String name) {
    return new TaskId(Long.parseUnsignedLong(name.substring(1), 16));
  }

  /** The row of a task just added. */
  private static TaskEntry added(TaskSpec spec) {
    return new TaskEntry(spec, TaskStatus.SUBMITTED, null, 0, 0);
  }

  /**
   * The row after the update named by {@code child}: a status, or a retry ({@link #retry}); see
   * {@link TaskEntry#attempt()} for how attempts count and {@link TaskEntry#retries()} for retries.
   */
  static TaskEntry apply(TaskEntry old, String child) {
    String[] p = SimpleZnodes.parts(child);
    if (p[0].equals(RETRY)) {
      return old.retries() < Integer.parseInt(p[1])
          ? new TaskEntry(old.spec(), TaskStatus.FORWARDED, null, old.attempt(), old.retries() + 1)
          : old;
    }
    TaskStatus status = TaskStatus.valueOf(p[0]);
    NodeId node = p[1].isEmpty() ? null : new NodeId(SimpleZnodes.decode(p[1]));
    int attempt = placed(status) && !placed(old.status()) ? old.attempt() + 1 : old.attempt();
    return new TaskEntry(old.spec(), status, node, attempt, old.retries());
  }

  private static boolean placed(TaskStatus s) {
    return s == TaskStatus.SCHEDULED || s == TaskStatus.RUNNING;
  }
}
