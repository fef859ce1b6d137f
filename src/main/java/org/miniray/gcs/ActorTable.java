package org.miniray.gcs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.id.ActorId;

/**
 * Actors: where each lives and its state; names are unique among live actors (a dead actor's
 * name is free again, and no longer found by {@link #lookupByName}), as in Ray.
 */
public interface ActorTable {

  /**
   * Creates or replaces the actor's entry. Fails (the future completes exceptionally with an
   * {@link IllegalArgumentException}) when the entry's name belongs to another actor.
   */
  CompletableFuture<Void> put(ActorEntry entry);

  CompletableFuture<Optional<ActorEntry>> lookup(ActorId id);

  CompletableFuture<Optional<ActorEntry>> lookupByName(String name);

  Subscription subscribe(ActorId id, Consumer<ActorEntry> listener);
}
