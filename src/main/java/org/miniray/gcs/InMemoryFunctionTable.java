package org.miniray.gcs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.JobId;

/** The function table of an {@link InMemoryGcs}. Bytes are copied in and out: callers cannot change a row. */
final class InMemoryFunctionTable implements FunctionTable {
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

  private record Resource(JobId job, String name) {}
}
