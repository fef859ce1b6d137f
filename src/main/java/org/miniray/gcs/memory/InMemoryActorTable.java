package org.miniray.gcs.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;

/**
 * The actor table of an {@link InMemoryGcs}. Names are an index of their own, claimed
 * atomically before the row is written, so two actors can never both hold a name even when
 * their rows live in different shards.
 */
public final class InMemoryActorTable implements ActorTable {
  private final GcsShards shards;
  private final ShardedMap<ActorId, ActorEntry> rows;
  private final ConcurrentMap<String, ActorId> names = new ConcurrentHashMap<>();
  private final ConcurrentMap<JobId, Set<ActorId>> byJob = new ConcurrentHashMap<>();

  InMemoryActorTable(GcsShards shards) {
    this.shards = shards;
    this.rows = new ShardedMap<>("actor", shards);
  }

  @Override
  public CompletableFuture<Void> put(ActorEntry entry) {
    return shards.run(() -> {
      ActorId id = entry.id();
      if (entry.name() != null && entry.state() != ActorState.DEAD) {
        ActorId holder = names.putIfAbsent(entry.name(), id);
        if (holder != null && !holder.equals(id)) {
          ActorEntry held = rows.get(holder);
          if (held != null && held.state() != ActorState.DEAD) {
            throw new IllegalArgumentException("actor name '" + entry.name() + "' is already taken by " + holder
                + "; actor " + id + " needs another name");
          }
          names.put(entry.name(), id); // its holder died: the name is free, as in Ray
        }
      }
      if (entry.creationSpec() != null) {
        byJob.computeIfAbsent(entry.creationSpec().jobId(), j -> ConcurrentHashMap.newKeySet()).add(id);
      }
      rows.update(id, old -> {
        if (old != null && old.name() != null && !Objects.equals(old.name(), entry.name())) {
          names.remove(old.name(), id); // renamed: the old name is free again
        }
        if (entry.state() == ActorState.DEAD && entry.name() != null) {
          names.remove(entry.name(), id); // dead: its name is free again
        }
        return entry;
      });
    });
  }

  @Override
  public CompletableFuture<List<ActorId>> ofJob(JobId job) {
    return shards.complete(() -> List.copyOf(byJob.getOrDefault(job, Set.of())));
  }

  @Override
  public CompletableFuture<Optional<ActorEntry>> lookup(ActorId id) {
    return shards.complete(() -> Optional.ofNullable(rows.get(id)));
  }

  @Override
  public CompletableFuture<Optional<ActorEntry>> lookupByName(String name) {
    return shards.complete(() -> {
      ActorId id = names.get(name);
      return id == null ? Optional.<ActorEntry>empty() : Optional.ofNullable(rows.get(id));
    });
  }

  /** Every row, for a snapshot. */
  public java.util.List<ActorEntry> rows() {
    return rows.values();
  }

  @Override
  public Subscription subscribe(ActorId id, Consumer<ActorEntry> listener) {
    return rows.subscribe(id, listener);
  }
}
