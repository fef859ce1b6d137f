package org.miniray.gcs;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;

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

  /**
   * The ids of the actors created by tasks of {@code job} (their creation spec's job), in any
   * state: an index kept by job, so that ending a job reads its actors and not the task table.
   */
  CompletableFuture<List<ActorId>> ofJob(JobId job);

  Subscription subscribe(ActorId id, Consumer<ActorEntry> listener);
}
