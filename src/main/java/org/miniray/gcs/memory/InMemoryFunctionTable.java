package org.miniray.gcs.memory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.gcs.FunctionTable;
import org.miniray.id.JobId;

/** The function table of an {@link InMemoryGcs}. Bytes are copied in and out: callers cannot change a row. */
public final class InMemoryFunctionTable implements FunctionTable {
  private final GcsShards shards;
  private final ShardedMap<Resource, byte[]> rows;

  InMemoryFunctionTable(GcsShards shards) {
    this.shards = shards;
    this.rows = new ShardedMap<>("function", shards);
  }

  @Override
  public CompletableFuture<Void> put(JobId job, String resourceName, byte[] bytes) {
    return shards.run(() -> {
      byte[] copy = bytes.clone();
      rows.update(new Resource(job, resourceName), old -> copy);
    });
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(JobId job, String resourceName) {
    return shards.complete(() -> Optional.ofNullable(rows.get(new Resource(job, resourceName))).map(byte[]::clone));
  }

  /** Drops every row of {@code job} in one shard (a retention policy; see ZooKeeperGcs). */
  public void dropJobInShard(JobId job, int shard) {
    shards.checkOpen();
    rows.updateShard(shard, (r, old) -> r.job().equals(job) ? null : old);
  }

  /** One shard's rows, by (job, resource name); the arrays are the table's own, not to be changed. */
  public Map<Resource, byte[]> rowsInShard(int shard) {
    return rows.rowsInShard(shard);
  }

  /** The key of a row; package-private so that a replicated GCS can log and snapshot rows. */
  public record Resource(JobId job, String name) {}
}
