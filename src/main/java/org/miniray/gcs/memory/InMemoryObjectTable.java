package org.miniray.gcs.memory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/** The object table of an {@link InMemoryGcs}. An entry's size is the one its first copy gave. */
public final class InMemoryObjectTable implements ObjectTable {
  private final GcsShards shards;
  private final ShardedMap<ObjectId, ObjectEntry> rows;

  InMemoryObjectTable(GcsShards shards) {
    this.shards = shards;
    this.rows = new ShardedMap<>("object", shards);
  }

  @Override
  public CompletableFuture<Void> addLocation(ObjectId id, NodeId node, long sizeBytes) {
    return shards.run(() -> rows.update(id, old -> {
      if (old == null) {
        return new ObjectEntry(id, sizeBytes, Set.of(node));
      }
      return old.locations().contains(node) ? old : withLocations(old, plus(old.locations(), node));
    }));
  }

  @Override
  public CompletableFuture<Void> removeLocation(ObjectId id, NodeId node) {
    return shards.run(() -> rows.update(id, old -> without(old, node)));
  }

  @Override
  public CompletableFuture<Void> removeNode(NodeId node) {
    return shards.run(() -> rows.updateAll((id, old) -> without(old, node)));
  }

  /** {@link #removeNode} for the rows of one shard: a replicated GCS logs it in every shard. */
  public void removeNodeInShard(NodeId node, int shard) {
    shards.checkOpen();
    rows.updateShard(shard, (id, old) -> without(old, node));
  }

  public List<ObjectEntry> rowsInShard(int shard) {
    return List.copyOf(rows.rowsInShard(shard).values());
  }

  /** Puts a row back as a snapshot recorded it. */
  public void restore(ObjectEntry e) {
    rows.update(e.id(), old -> e);
  }

  @Override
  public CompletableFuture<Void> forget(Collection<ObjectId> ids) {
    return shards.run(() -> ids.forEach(rows::remove));
  }

  @Override
  public CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id) {
    return shards.complete(() -> Optional.ofNullable(rows.get(id)));
  }

  @Override
  public Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener) {
    return rows.subscribe(id, listener);
  }

  // Returns old itself when there is nothing to remove, which ShardedMap reads as "no change".
  private static ObjectEntry without(ObjectEntry old, NodeId node) {
    if (old == null || !old.locations().contains(node)) {
      return old;
    }
    Set<NodeId> rest = new HashSet<>(old.locations());
    rest.remove(node);
    return withLocations(old, rest);
  }

  private static Set<NodeId> plus(Set<NodeId> locations, NodeId node) {
    Set<NodeId> more = new HashSet<>(locations);
    more.add(node);
    return more;
  }

  private static ObjectEntry withLocations(ObjectEntry old, Set<NodeId> locations) {
    return new ObjectEntry(old.id(), old.sizeBytes(), locations);
  }
}
