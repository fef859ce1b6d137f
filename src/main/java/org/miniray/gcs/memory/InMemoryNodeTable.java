package org.miniray.gcs.memory;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.miniray.common.Clock;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;

/**
 * The node table of an {@link InMemoryGcs}. Registering counts as the first sign of life, so a
 * node's {@code lastHeartbeatMillis} starts at its registration time (a failure detector would
 * otherwise think a node that just joined long silent).
 */
public final class InMemoryNodeTable implements NodeTable {
  private final GcsShards shards;
  private final Clock clock;
  private final ShardedMap<NodeId, NodeEntry> rows;
  private final ConcurrentMap<NodeId, Long> joinOrder = new ConcurrentHashMap<>();
  private final AtomicLong joins = new AtomicLong();

  InMemoryNodeTable(GcsShards shards, Clock clock) {
    this.shards = shards;
    this.clock = clock;
    this.rows = new ShardedMap<>("node", shards);
  }

  @Override
  public CompletableFuture<Void> register(NodeInfo info) {
    return shards.run(() -> {
      joinOrder.computeIfAbsent(info.id(), id -> joins.getAndIncrement());
      rows.update(info.id(), old -> new NodeEntry(info, old == null ? null : old.load(), true, clock.millis()));
    });
  }

  @Override
  public CompletableFuture<Void> heartbeat(NodeId id, NodeLoad load) {
    return shards.run(() -> rows.update(id, old -> {
      if (!known(id, old, "heartbeat").alive()) {
        return old; // a late heartbeat must not undo a death
      }
      return new NodeEntry(old.info(), load, true, clock.millis());
    }));
  }

  @Override
  public CompletableFuture<Void> markDead(NodeId id) {
    return shards.run(() -> rows.update(id, old -> {
      if (!known(id, old, "markDead").alive()) {
        return old;
      }
      return new NodeEntry(old.info(), old.load(), false, old.lastHeartbeatMillis());
    }));
  }

  @Override
  public CompletableFuture<List<NodeEntry>> all() {
    return shards.complete(() -> rows.values().stream()
        .sorted(Comparator.comparingLong(e -> joinOrder.get(e.info().id())))
        .toList());
  }

  /** Puts a row back as a snapshot recorded it; restore rows in join order. */
  public void restore(NodeEntry e) {
    joinOrder.computeIfAbsent(e.info().id(), id -> joins.getAndIncrement());
    rows.update(e.info().id(), old -> e);
  }

  @Override
  public Subscription subscribe(Consumer<NodeEntry> listener) {
    return rows.subscribeAll(listener);
  }

  private static NodeEntry known(NodeId id, NodeEntry entry, String call) {
    if (entry == null) {
      throw new IllegalArgumentException(call + " for node " + id + ", which never registered");
    }
    return entry;
  }
}
