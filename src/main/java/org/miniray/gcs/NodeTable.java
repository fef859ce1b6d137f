package org.miniray.gcs;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.id.NodeId;

/** The cluster's nodes: who joined, their load (heartbeats), and who died. */
public interface NodeTable {

  /** Adds a live node (or brings a known one back to life). */
  CompletableFuture<Void> register(NodeInfo info);

  /**
   * Records a node's load and the time (by the GCS's clock); a heartbeat from a node marked
   * dead is ignored, so a late heartbeat cannot undo a death. For a node that never registered,
   * the future fails with an {@link IllegalArgumentException}.
   */
  CompletableFuture<Void> heartbeat(NodeId id, NodeLoad load);

  /** Marks a registered node dead (it stays in {@link #all()}); an unknown node fails as in {@link #heartbeat}. */
  CompletableFuture<Void> markDead(NodeId id);

  /** Every node ever registered, alive or dead, in the order they joined. */
  CompletableFuture<List<NodeEntry>> all();

  /** Calls {@code listener} with each node now, then on every join, heartbeat and death. */
  Subscription subscribe(Consumer<NodeEntry> listener);
}
