package org.miniray.gcs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/** Object id to size and locations. A subscription is how a node learns an object it waits for exists. */
public interface ObjectTable {

  /** Records that {@code node} holds a copy; creates the entry on the first copy. */
  CompletableFuture<Void> addLocation(ObjectId id, NodeId node, long sizeBytes);

  /**
   * Records that {@code node} no longer holds a copy; the entry stays, maybe with no locations.
   * Removing a location the entry lacks (or of an unknown object) changes nothing.
   */
  CompletableFuture<Void> removeLocation(ObjectId id, NodeId node);

  /** Removes {@code node} from every entry (the node died); subscribers of each changed entry hear of it. */
  CompletableFuture<Void> removeNode(NodeId node);

  CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id);

  /** Calls {@code listener} with the entry now (if any) and after every change to it. */
  Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener);
}
