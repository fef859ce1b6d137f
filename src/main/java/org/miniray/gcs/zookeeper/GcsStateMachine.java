package org.miniray.gcs.zookeeper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;

/**
 * The rows a {@link ZooKeeperGcs} client has replayed from the logs: an {@link InMemoryGcs}
 * (the replica) plus the rules for applying one {@link GcsLogEntry} to it, taking a snapshot of
 * one log's rows and restoring one.
 *
 * <p>Log {@code i < shards} holds the object, task, function and checkpoint rows of shard {@code i}; log
 * {@code shards} (the "global" log) holds the actor, node and job tables, whose rules span keys
 * (actor names are unique, nodes are listed in join order, jobs are numbered from one counter) and so need one order for all of
 * their writes. Each log is replayed by one thread, and a log's entries touch only that log's
 * rows, so logs never wait for each other and the replay is the same on every client.
 */
final class GcsStateMachine {
  private final InMemoryGcs replica;
  private final Function<String, byte[]> blobReader;
  // Set by the global log's thread (the only one that applies node entries) before each apply.
  private volatile long applyNanos;

  GcsStateMachine(int shards, Function<String, byte[]> blobReader) {
    this.replica = new InMemoryGcs(shards, () -> applyNanos);
    this.blobReader = blobReader;
  }

  InMemoryGcs replica() {
    return replica;
  }

  int shards() {
    return replica.shardCount();
  }

  /** The log holding rows of {@code key} in the object, task, function and checkpoint tables. */
  int logOf(Object key) {
    return replica.shards().shardOf(key);
  }

  /** Appends one entry per log for the {@code keys} whose rows that log holds, made by {@code entry}. */
  <K> CompletableFuture<Void> appendByLog(ZooKeeperLogWriter writer, Collection<K> keys,
      Function<List<K>, GcsLogEntry> entry) {
    Map<Integer, List<K>> byLog = new HashMap<>();
    for (K k : keys) {
      byLog.computeIfAbsent(logOf(k), l -> new ArrayList<>()).add(k);
    }
    return CompletableFuture.allOf(byLog.entrySet().stream()
        .map(e -> writer.append(e.getKey(), entry.apply(e.getValue())))
        .toArray(CompletableFuture<?>[]::new));
  }

  int globalLog() {
    return replica.shardCount();
  }

  /**
   * Applies {@code e}, read from log {@code log}; returns null, or the exception that refused
   * it (the row is then unchanged).
   */
  RuntimeException apply(int log, GcsLogEntry e) {
    CompletableFuture<Void> result;
    if (e instanceof GcsLogEntry.AddTask a) {
      result = replica.tasks().add(a.spec());
    } else if (e instanceof GcsLogEntry.AddTaskAt a) {
      result = replica.tasks().add(a.spec(), a.status(), a.node());
    } else if (e instanceof GcsLogEntry.UpdateTaskStatus u) {
      result = replica.tasks().updateStatus(u.id(), u.status(), u.node());
    } else if (e instanceof GcsLogEntry.RetryTask r) {
      result = replica.tasks().retry(r.id(), r.maxRetries()).thenAccept(granted -> {
        if (!granted) {
          throw new RetriesSpent(r.id(), r.maxRetries());
        }
      });
    } else if (e instanceof GcsLogEntry.AddLocation a) {
      result = replica.objects().addLocation(a.id(), a.node(), a.sizeBytes());
    } else if (e instanceof GcsLogEntry.RemoveLocation r) {
      result = replica.objects().removeLocation(r.id(), r.node());
    } else if (e instanceof GcsLogEntry.RemoveLocations r) {
      result = replica.objects().removeLocations(r.ids(), r.node());
    } else if (e instanceof GcsLogEntry.ForgetRows f) {
      result = replica.objects().forget(f.objects()).thenCompose(v -> replica.tasks().forget(f.tasks()));
    } else if (e instanceof GcsLogEntry.RemoveNode r) {
      result = run(() -> replica.objects().removeNodeInShard(r.node(), log));
    } else if (e instanceof GcsLogEntry.PutFunction f) {
      result = run(() -> replica.functions().put(f.job(), f.resourceName(), value(f.inline(), f.blobPath())).join());
    } else if (e instanceof GcsLogEntry.SaveCheckpoint c) {
      result = run(() -> replica.checkpoints().saveCheckpoint(c.job(), c.actor(), value(c.inline(), c.blobPath())).join());
    } else if (e instanceof GcsLogEntry.LogCall c) {
      result = replica.checkpoints().logCall(c.job(), c.actor(), c.index(), c.call());
    } else if (e instanceof GcsLogEntry.DropJob d) {
      result = run(() -> dropJob(d.job(), log));
    } else if (e instanceof GcsLogEntry.PutActor p) {
      result = replica.actors().put(p.entry());
    } else if (e instanceof GcsLogEntry.RegisterNode r) {
      applyNanos = r.writerNanos();
      result = replica.nodes().register(r.info());
    } else if (e instanceof GcsLogEntry.Heartbeat h) {
      applyNanos = h.writerNanos();
      result = replica.nodes().heartbeat(h.id(), h.load());
    } else if (e instanceof GcsLogEntry.MarkDead m) {
      result = replica.nodes().markDead(m.id());
    } else if (e instanceof GcsLogEntry.AddJob a) {
      result = replica.jobs().add(a.info()).thenApply(id -> null);
    } else if (e instanceof GcsLogEntry.EndJob j) {
      result = replica.jobs().end(j.id(), j.state(), j.endMillis());
    } else {
      return new IllegalStateException("unknown GCS log entry " + e);
    }
    try {
      result.join(); // the replica's futures are complete already
      return null;
    } catch (CompletionException failed) {
      return failed.getCause() instanceof RuntimeException r ? r : failed;
    }
  }

  /** The verdict of a {@link GcsLogEntry.RetryTask} the replay refused: the row's retries were all spent. */
  static final class RetriesSpent extends IllegalStateException {
    RetriesSpent(TaskId id, int maxRetries) {
      super("task " + id + " has spent its " + maxRetries + " retries");
    }
  }

  private byte[] value(byte[] inline, String blobPath) {
    return inline != null ? inline : blobReader.apply(blobPath);
  }

  private void dropJob(JobId job, int log) {
    replica.tasks().dropJobInShard(job, log);
    replica.functions().dropJobInShard(job, log);
    replica.checkpoints().dropJobInShard(job, log);
  }

  private static CompletableFuture<Void> run(Runnable r) {
    try {
      r.run();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Every row log {@code log} holds, as of the last entry applied; call on that log's thread. */
  LogSnapshot snapshot(int log, Map<String, Long> lastBatchByWriter) {
    if (log == globalLog()) {
      return new LogSnapshot(new HashMap<>(lastBatchByWriter), List.of(), List.of(), List.of(), List.of(), List.of(),
          new ArrayList<>(replica.actors().rows()), new ArrayList<>(replica.nodes().all().join()),
          replica.jobs().rows());
    }
    List<LogSnapshot.FunctionRow> functions = new ArrayList<>();
    replica.functions().rowsInShard(log).forEach((r, bytes) -> functions.add(new LogSnapshot.FunctionRow(r.job(), r.name(), bytes)));
    List<LogSnapshot.CheckpointRow> checkpoints = new ArrayList<>();
    replica.checkpoints().checkpointsInShard(log).forEach((k, bytes) -> checkpoints.add(new LogSnapshot.CheckpointRow(k, bytes)));
    List<LogSnapshot.CallRow> calls = new ArrayList<>();
    replica.checkpoints().callsInShard(log).forEach((k, call) -> calls.add(new LogSnapshot.CallRow(k, call)));
    return new LogSnapshot(new HashMap<>(lastBatchByWriter), new ArrayList<>(replica.tasks().rowsInShard(log)),
        new ArrayList<>(replica.objects().rowsInShard(log)), functions, checkpoints, calls, List.of(), List.of(),
        List.of());
  }

  /** Puts back the rows of a snapshot (rows it lacks are left as they are). */
  void restore(LogSnapshot s) {
    s.tasks().forEach(replica.tasks()::restore);
    s.objects().forEach(replica.objects()::restore);
    s.functions().forEach(f -> replica.functions().put(f.job(), f.name(), f.bytes()).join());
    s.checkpoints().forEach(c -> replica.checkpoints().saveCheckpoint(c.key().job(), c.key().actor(), c.bytes()).join());
    s.calls().forEach(c -> replica.checkpoints().logCall(c.key().job(), c.key().actor(), c.key().index(), c.call()).join());
    s.actors().forEach(a -> replica.actors().put(a).join());
    s.nodes().forEach(replica.nodes()::restore);
    if (s.jobs() != null) { // a snapshot written before the job table had none
      s.jobs().forEach(replica.jobs()::restore);
    }
  }

  void close() {
    replica.close();
  }
}
