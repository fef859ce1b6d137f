package org.miniray.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.miniray.common.DaemonThreads;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.id.ObjectId;
import org.miniray.objectstore.ObjectManager;
import org.miniray.scheduler.local.InputFetcher;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskSpec;

/**
 * Brings a task's object arguments into this node's store before it may run (paper figure 7,
 * step 3), for both paths to a worker: the local scheduler's tasks and the actor host's calls.
 */
final class TaskInputs implements InputFetcher, AutoCloseable {
  private final ObjectManager objects;
  private final EventRecorder events;
  private final long addedLatencyNanos;
  private final ScheduledExecutorService delayed; // null unless addedLatencyNanos > 0

  TaskInputs(String node, ObjectManager objects, EventRecorder events, long addedLatencyMicros) {
    this.objects = objects;
    this.events = events;
    this.addedLatencyNanos = TimeUnit.MICROSECONDS.toNanos(addedLatencyMicros);
    this.delayed = addedLatencyNanos == 0 ? null
        : Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("miniray-" + node + "-added-latency"));
  }

  /**
   * Completes when {@code spec} may run here: its object arguments are local, plus
   * {@code miniray.scheduler.added.latency.us} if set. Paper figure 12b measures an application
   * against artificial scheduler latency; this is the one place it is added, because both
   * paths to a worker pass here (the local scheduler's tasks and the actor host's calls, which
   * never see the local scheduler), and because a task pays it once it is ready, as it would pay a
   * slow scheduler's decision.
   */
  @Override
  public CompletableFuture<Void> fetchInputs(TaskSpec spec) {
    CompletableFuture<Void> local = fetchNow(spec);
    if (delayed == null) {
      return local;
    }
    CompletableFuture<Void> later = new CompletableFuture<>();
    local.whenComplete((v, error) -> {
      try {
        delayed.schedule(() -> {
          if (error != null) {
            later.completeExceptionally(error);
          } else {
            later.complete(null);
          }
        }, addedLatencyNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        later.completeExceptionally(closed);
      }
    });
    return later;
  }

  private CompletableFuture<Void> fetchNow(TaskSpec spec) {
    List<ObjectId> refs = null;
    for (TaskArg a : spec.args()) {
      if (a instanceof TaskArg.ByRef r) {
        if (refs == null) {
          refs = new ArrayList<>();
        }
        refs.add(r.id());
      }
    }
    if (refs == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<ObjectId> wanted = refs;
    CompletableFuture<Void> all = objects.fetchAll(wanted);
    return all.isDone() || !events.enabled() ? all : all.thenRun(() -> arrived(spec, wanted));
  }

  private void arrived(TaskSpec spec, List<ObjectId> refs) {
    long bytes = 0;
    for (ObjectId r : refs) {
      bytes += Math.max(0, objects.localSize(r));
    }
    events.task(Event.Kind.INPUTS_PULLED, spec, bytes, null, refs.size() + " object arguments");
  }

  @Override
  public void close() {
    if (delayed != null) {
      delayed.shutdownNow();
    }
  }
}
