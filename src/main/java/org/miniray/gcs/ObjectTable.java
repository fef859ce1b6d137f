package org.miniray.gcs;

import java.util.Collection;
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

  /**
   * {@link #removeLocation} of each of {@code ids}, as one write where the table can: a node that
   * drops a batch of copies (their owner released them) sends the GCS one message, not one per copy.
   */
  default CompletableFuture<Void> removeLocations(Collection<ObjectId> ids, NodeId node) {
    return CompletableFuture.allOf(ids.stream().map(id -> removeLocation(id, node)).toArray(CompletableFuture[]::new));
  }

  /** Removes {@code node} from every entry (the node died); subscribers of each changed entry hear of it. */
  CompletableFuture<Void> removeNode(NodeId node);

  /**
   * Drops the entries of {@code ids}, locations and all: their owner's reference counter released
   * them and nothing can need them again. Their subscribers hear nothing more; an id with no
   * entry changes nothing. A later {@code addLocation} would make a new entry.
   */
  CompletableFuture<Void> forget(Collection<ObjectId> ids);

  CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id);

  /** Calls {@code listener} with the entry now (if any) and after every change to it. */
  Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener);
}
