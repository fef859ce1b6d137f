package org.miniray.gcs.zookeeper;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.common.Clock;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.NodeTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;

/**
 * The node table of a {@link ZooKeeperGcs}: one global log, so that join order is the same for
 * every client. A heartbeat's time is the writer's clock, logged with it.
 */
final class ZooKeeperNodeTable implements NodeTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;
  private final Clock clock;

  ZooKeeperNodeTable(GcsStateMachine machine, ZooKeeperLogWriter writer, Clock clock) {
    this.machine = machine;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> register(NodeInfo info) {
    return writer.append(machine.globalLog(), new GcsLogEntry.RegisterNode(info, clock.nanoTime()));
  }

  @Override
  public CompletableFuture<Void> heartbeat(NodeId id, NodeLoad load) {
    return writer.append(machine.globalLog(), new GcsLogEntry.Heartbeat(id, load, clock.nanoTime()));
  }

  @Override
  public CompletableFuture<Void> markDead(NodeId id) {
    return writer.append(machine.globalLog(), new GcsLogEntry.MarkDead(id));
  }

  @Override
  public CompletableFuture<List<NodeEntry>> all() {
    return machine.replica().nodeTable().all();
  }

  @Override
  public Subscription subscribe(Consumer<NodeEntry> listener) {
    return machine.replica().nodeTable().subscribe(listener);
  }
}
