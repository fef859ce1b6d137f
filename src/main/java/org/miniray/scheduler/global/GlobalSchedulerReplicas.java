package org.miniray.scheduler.global;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.miniray.gcs.TaskTable;
import org.miniray.id.JobId;
import org.miniray.task.TaskSpec;

/**
 * Several global schedulers behind one interface (paper section 4.2.2: the global scheduler can
 * be replicated because its state lives in the GCS). Tasks are spread over the live replicas in
 * turn; a replica that fails (it was stopped, or it throws) is dropped and the task goes to the
 * next, so the others keep scheduling.
 */
public final class GlobalSchedulerReplicas implements GlobalScheduler {
  private final List<GlobalScheduler> live;
  private final AtomicInteger turn = new AtomicInteger();

  public GlobalSchedulerReplicas(List<? extends GlobalScheduler> replicas) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("at least one global scheduler replica is needed");
    }
    this.live = new CopyOnWriteArrayList<>(replicas);
  }

  @Override
  public void schedule(TaskSpec spec) {
    toAReplica(spec, replica -> replica.schedule(spec));
  }

  /** To one replica, as {@link #schedule}; one that refuses it (stopped) may have added the row, which the next adds again. */
  @Override
  public void scheduleNew(TaskSpec spec, TaskTable rows) {
    toAReplica(spec, replica -> replica.scheduleNew(spec, rows));
  }

  private void toAReplica(TaskSpec spec, Consumer<GlobalScheduler> handOver) {
    while (true) {
      List<GlobalScheduler> now = List.copyOf(live);
      if (now.isEmpty()) {
        throw new IllegalStateException("every global scheduler replica has failed; " + spec + " cannot be placed");
      }
      GlobalScheduler replica = now.get(Math.floorMod(turn.getAndIncrement(), now.size()));
      try {
        handOver.accept(replica);
        return;
      } catch (RuntimeException e) {
        live.remove(replica);
      }
    }
  }

  /**
   * Stops replica {@code i}; the tasks it had not placed go to the others, which go on
   * scheduling. For tests, labs and demos.
   */
  @Override
  public void dropJob(JobId job) {
    live.forEach(r -> r.dropJob(job));
  }

  public void kill(int i) {
    GlobalScheduler r = live.remove(i);
    r.stop().forEach(this::schedule);
  }

  /**
   * Puts {@code fresh} in the place of live replica {@code i} and returns the one it replaces,
   * still running: from now on tasks go to {@code fresh}. For restarting a replica (its
   * successor then takes its tasks back from the GCS, not from it).
   */
  public GlobalScheduler replace(int i, GlobalScheduler fresh) {
    if (fresh == null) {
      throw new IllegalArgumentException("a replacement global scheduler is needed, not null");
    }
    synchronized (live) {
      if (i < 0 || i >= live.size()) {
        throw new IllegalArgumentException("no live global scheduler replica " + i + " (there are " + live.size()
            + ")");
      }
      return live.set(i, fresh);
    }
  }

  public int liveReplicas() {
    return live.size();
  }

  @Override
  public List<TaskSpec> stop() {
    List<TaskSpec> left = new java.util.ArrayList<>();
    live.forEach(r -> left.addAll(r.stop()));
    live.clear();
    return left;
  }
}
