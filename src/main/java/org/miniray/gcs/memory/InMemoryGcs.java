package org.miniray.gcs.memory;

import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.Gcs;

/**
 * The GCS in one process's memory, sharded by id hash as the paper shards it across Redis
 * instances (section 4.2.1): every table splits its rows into {@code shards} shards, each with
 * its own lock, rows, subscribers and notifier thread, so writes to different shards never
 * wait for each other.
 *
 * <p>A write is durable when the call returns, so every future comes back already completed.
 * Notifications are not: they run on the key's shard thread, in write order for each key and
 * never on the writer's thread, so a listener that writes to the GCS cannot deadlock a writer.
 * Nothing survives the process; use it for tests, the simulator and single-JVM clusters.
 */
public final class InMemoryGcs implements Gcs {
  private final GcsShards shards;
  private final InMemoryObjectTable objects;
  private final InMemoryTaskTable tasks;
  private final InMemoryFunctionTable functions;
  private final InMemoryCheckpointTable checkpoints;
  private final InMemoryActorTable actors;
  private final InMemoryNodeTable nodes;
  private final InMemoryJobTable jobs;
  private final GcsTables tables;

  /** A GCS with {@code shards} shards (at least 1) whose node table reads time from {@code clock}. */
  public InMemoryGcs(int shards, Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("an in-memory GCS needs a clock");
    }
    this.shards = new GcsShards(shards);
    this.objects = new InMemoryObjectTable(this.shards);
    this.tasks = new InMemoryTaskTable(this.shards);
    this.functions = new InMemoryFunctionTable(this.shards);
    this.checkpoints = new InMemoryCheckpointTable(this.shards);
    this.actors = new InMemoryActorTable(this.shards);
    this.nodes = new InMemoryNodeTable(this.shards, clock);
    this.jobs = new InMemoryJobTable(this.shards);
    this.tables = new GcsTables(objects, tasks, functions, checkpoints, actors, nodes, jobs);
  }

  @Override
  public GcsTables tables() {
    return tables;
  }

  /** A GCS with {@link Keys#GCS_SHARDS} shards and the system clock. */
  public InMemoryGcs(MinirayConfig config) {
    this(config.get(Keys.GCS_SHARDS), Clock.SYSTEM);
  }

  public int shardCount() {
    return shards.count();
  }

  // The concrete tables, public for ZooKeeperGcs (another package), which keeps an InMemoryGcs as its replica
  // of the logs and applies each log entry to them through these methods.
  public GcsShards shards() {
    return shards;
  }

  public InMemoryObjectTable objects() {
    return objects;
  }

  public InMemoryTaskTable tasks() {
    return tasks;
  }

  public InMemoryFunctionTable functions() {
    return functions;
  }

  public InMemoryCheckpointTable checkpoints() {
    return checkpoints;
  }

  public InMemoryActorTable actors() {
    return actors;
  }

  public InMemoryNodeTable nodes() {
    return nodes;
  }

  public InMemoryJobTable jobs() {
    return jobs;
  }

  @Override
  public void close() {
    shards.close();
  }

  @Override
  public String toString() {
    return "InMemoryGcs[" + shards.count() + " shards" + (shards.isClosed() ? ", closed" : "") + "]";
  }
}
