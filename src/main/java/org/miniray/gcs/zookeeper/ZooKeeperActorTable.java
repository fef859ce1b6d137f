package org.miniray.gcs.zookeeper;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;

/**
 * The actor table of a {@link ZooKeeperGcs}. Every actor write goes to the one global log, so
 * all clients replay name claims in the same order and agree on who holds a name; actor writes
 * are rare enough that one log carries them.
 */
final class ZooKeeperActorTable implements ActorTable {
  private final GcsStateMachine machine;
  private final ZooKeeperLogWriter writer;

  ZooKeeperActorTable(GcsStateMachine machine, ZooKeeperLogWriter writer) {
    this.machine = machine;
    this.writer = writer;
  }

  @Override
  public CompletableFuture<Void> put(ActorEntry entry) {
    return writer.append(machine.globalLog(), new GcsLogEntry.PutActor(entry));
  }

  @Override
  public CompletableFuture<Optional<ActorEntry>> lookup(ActorId id) {
    return machine.replica().actorTable().lookup(id);
  }

  @Override
  public CompletableFuture<Optional<ActorEntry>> lookupByName(String name) {
    return machine.replica().actorTable().lookupByName(name);
  }

  @Override
  public CompletableFuture<List<ActorId>> ofJob(JobId job) {
    return machine.replica().actorTable().ofJob(job);
  }

  @Override
  public Subscription subscribe(ActorId id, Consumer<ActorEntry> listener) {
    return machine.replica().actorTable().subscribe(id, listener);
  }
}
