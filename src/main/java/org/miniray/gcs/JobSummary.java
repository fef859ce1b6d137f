package org.miniray.gcs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.task.TaskStatus;

/**
 * One job as {@code miniray jobs} and the dashboard show it: its row of the job table, its tasks
 * counted by status, its actor calls, and its actors (the actor table's rows of the actors its
 * tasks created).
 *
 * <p>Tasks and actor calls are counted apart because the task table records them differently:
 * a task's row follows it (submitted, scheduled, running, finished or failed), while an actor
 * call's row is written once, when the actor's host admits it, and keeps no status (what replay
 * needs of it is its place in the actor's log); how an actor fares is its actor table row.
 *
 * @param tasks how many of its tasks (not actor calls or creations) are in each status, in the
 *     order of {@link TaskStatus}; statuses with none are left out
 * @param actorCalls how many actor method calls its actors admitted
 * @param actors its actors, by id
 */
public record JobSummary(JobEntry job, Map<TaskStatus, Integer> tasks, int actorCalls, List<ActorEntry> actors) {

  /** Its tasks, all statuses together. */
  public int taskCount() {
    return tasks.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Every job of {@code gcs}, by id. It reads the task table one status at a time (a scan of the
   * whole table, as {@link TaskTable#entries} is), so a task that changes status meanwhile may be
   * counted under both or neither; the counts are a glimpse, not a snapshot.
   *
   * @throws IllegalStateException naming the table that could not be read within {@code timeout}
   */
  public static List<JobSummary> read(Gcs gcs, Duration timeout) {
    List<JobEntry> jobs = await(gcs.jobTable().all(), "the job table", timeout);
    Map<JobId, Map<TaskStatus, Integer>> counts = new HashMap<>();
    Map<JobId, Integer> calls = new HashMap<>();
    Map<JobId, TreeSet<ActorId>> created = new HashMap<>();
    for (TaskStatus status : TaskStatus.values()) {
      for (TaskEntry t : await(gcs.taskTable().entries(status), "the task table", timeout)) {
        JobId job = t.spec().jobId();
        switch (t.spec().kind()) {
          case NORMAL -> counts.computeIfAbsent(job, j -> new EnumMap<>(TaskStatus.class)).merge(status, 1, Integer::sum);
          case ACTOR_METHOD -> calls.merge(job, 1, Integer::sum);
          case ACTOR_CREATION -> created.computeIfAbsent(job, j -> new TreeSet<>(Comparator.comparing(ActorId::toString)))
              .add(t.spec().actorId());
        }
      }
    }
    Map<ActorId, CompletableFuture<Optional<ActorEntry>>> lookups = new HashMap<>();
    created.values().forEach(ids -> ids.forEach(a -> lookups.put(a, gcs.actorTable().lookup(a))));
    List<JobSummary> out = new ArrayList<>();
    for (JobEntry j : jobs) {
      List<ActorEntry> actors = new ArrayList<>();
      for (ActorId a : created.getOrDefault(j.id(), new TreeSet<>())) {
        await(lookups.get(a), "the actor table", timeout).ifPresent(actors::add);
      }
      out.add(new JobSummary(j, Collections.unmodifiableMap(counts.getOrDefault(j.id(), Map.of())),
          calls.getOrDefault(j.id(), 0), List.copyOf(actors)));
    }
    return out;
  }

  private static <T> T await(CompletableFuture<T> f, String what, Duration timeout) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not read " + what + " within " + timeout.toMillis() + " ms: "
          + (e.getCause() != null ? e.getCause() : e), e);
    }
  }
}
