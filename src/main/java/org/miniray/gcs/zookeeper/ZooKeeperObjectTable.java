package org.miniray.gcs.zookeeper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * The object table of a {@link ZooKeeperGcs}. {@link #removeNode} is logged in every shard in
 * one transaction; each shard's replay drops the node from its own rows, in that shard's order.
 */
final class ZooKeeperObjectTable implements ObjectTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;

  ZooKeeperObjectTable(GcsStateMachine machine, ZooKeeperLogWriter writer) {
    this.machine = machine;
    this.writer = writer;
  }

  @Override
  public CompletableFuture<Void> addLocation(ObjectId id, NodeId node, long sizeBytes) {
    return writer.append(machine.logOf(id), new GcsLogEntry.AddLocation(id, node, sizeBytes));
  }

  @Override
  public CompletableFuture<Void> removeLocation(ObjectId id, NodeId node) {
    return writer.append(machine.logOf(id), new GcsLogEntry.RemoveLocation(id, node));
  }

  @Override
  public CompletableFuture<Void> removeLocations(Collection<ObjectId> ids, NodeId node) {
    return machine.appendByLog(writer, ids, part -> new GcsLogEntry.RemoveLocations(part, node));
  }

  @Override
  public CompletableFuture<Void> removeNode(NodeId node) {
    return writer.appendToEveryShard(new GcsLogEntry.RemoveNode(node));
  }

  @Override
  public CompletableFuture<Void> forget(Collection<ObjectId> ids) {
    return machine.appendByLog(writer, ids, part -> new GcsLogEntry.ForgetRows(part, List.of()));
  }

  @Override
  public CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id) {
    return machine.replica().objectTable().lookup(id);
  }

  @Override
  public Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener) {
    return machine.replica().objectTable().subscribe(id, listener);
  }
}
