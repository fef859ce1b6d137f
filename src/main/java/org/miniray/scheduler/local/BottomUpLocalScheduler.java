package org.miniray.scheduler.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.miniray.common.Clock;
import org.miniray.common.ExponentialAverage;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.id.JobId;
import org.miniray.id.TaskId;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.policy.NodeView;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * The paper's local scheduler (section 4.2.2): keep a task unless this node can never provide
 * its resources or more than {@code threshold} tasks already wait here; forward it to the
 * global scheduler otherwise. Kept tasks wait for their inputs, then for resources, and start
 * in arrival order among those that fit.
 *
 * <p>An actor creation that asks for no resources still needs one CPU to be placed, as in
 * Ray; its node's dispatcher gives that CPU back once the actor is built.
 */
public final class BottomUpLocalScheduler implements LocalScheduler {
  /** How far down the ready queue to look for a task that fits when the head does not. */
  private static final int LOOKAHEAD = 64;
  private static final ResourceSet ONE_CPU = ResourceSet.of(ResourceSet.CPU, 1);

  private final ResourceSet total;
  private final int threshold;
  private final InputFetcher inputs;
  private final TaskDispatcher dispatcher;
  private final GlobalScheduler global;
  private final Clock clock;
  private final EventRecorder events;
  private final ExponentialAverage taskMillis = new ExponentialAverage(0.1, NodeView.UNMEASURED_TASK_MILLIS);

  private final Object lock = new Object();
  private ResourceSet available;
  private int fetching;
  private final ArrayDeque<TaskSpec> ready = new ArrayDeque<>();
  private final Map<TaskId, ResourceSet> held = new HashMap<>();
  private final Map<TaskId, ResourceSet> lent = new HashMap<>();
  private long forwardedForQueue;
  private long forwardedForResources;
  private boolean closed;

  public BottomUpLocalScheduler(LocalSchedulers.Parts parts, int threshold) {
    this.total = parts.total();
    this.threshold = threshold;
    this.available = parts.total();
    this.inputs = parts.inputs();
    this.dispatcher = parts.dispatcher();
    this.global = parts.global();
    this.clock = parts.clock();
    this.events = parts.events();
  }

  /** What a task needs to start here. */
  static ResourceSet demand(TaskSpec spec) {
    if (spec.kind() == TaskKind.ACTOR_CREATION && spec.resources().isEmpty()) {
      return ONE_CPU;
    }
    return spec.resources();
  }

  @Override
  public void submit(TaskSpec spec) {
    boolean forward;
    synchronized (lock) {
      if (!total.fits(demand(spec))) {
        forwardedForResources++;
        forward = true;
      } else if (fetching + ready.size() > threshold) {
        forwardedForQueue++;
        forward = true;
      } else {
        fetching++;
        forward = false;
      }
    }
    if (forward) {
      events.task(Event.Kind.TASK_FORWARDED, spec,
          total.fits(demand(spec)) ? "queue over threshold" : "resources missing");
      global.schedule(spec);
    } else {
      fetchThenQueue(spec);
    }
  }

  @Override
  public void place(TaskSpec spec) {
    boolean fits;
    synchronized (lock) {
      fits = total.fits(demand(spec));
      if (fits) {
        fetching++;
      } else {
        forwardedForResources++;
      }
    }
    if (fits) {
      fetchThenQueue(spec);
    } else {
      events.task(Event.Kind.TASK_FORWARDED, spec, "resources missing (placed here by a stale view)");
      global.schedule(spec); // a stale view placed it here; let the global scheduler look again
    }
  }

  private void fetchThenQueue(TaskSpec spec) {
    inputs.fetchInputs(spec).whenComplete((ok, error) -> {
      synchronized (lock) {
        fetching--;
        ready.add(spec);
      }
      dispatchReady();
    });
  }

  private void dispatchReady() {
    List<TaskSpec> start = null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      Iterator<TaskSpec> it = ready.iterator();
      for (int looked = 0; it.hasNext() && looked < LOOKAHEAD; looked++) {
        TaskSpec s = it.next();
        ResourceSet d = demand(s);
        if (available.fits(d)) {
          it.remove();
          available = available.minus(d);
          held.put(s.taskId(), d);
          if (start == null) {
            start = new ArrayList<>();
          }
          start.add(s);
        }
      }
    }
    if (start != null) {
      for (TaskSpec s : start) {
        long t0 = clock.nanoTime();
        dispatcher.dispatch(s, () -> finished(s, t0));
      }
    }
  }

  private void finished(TaskSpec spec, long startNanos) {
    taskMillis.add((clock.nanoTime() - startNanos) / 1e6);
    synchronized (lock) {
      ResourceSet h = held.remove(spec.taskId());
      lent.remove(spec.taskId());
      if (h != null) {
        available = available.plus(h);
      }
    }
    dispatchReady();
  }

  @Override
  public Runnable adopt(TaskSpec spec, boolean blocked) {
    ResourceSet d = demand(spec);
    synchronized (lock) {
      available = available.minus(d); // may oversubscribe for a while, as workerUnblocked may
      held.put(spec.taskId(), d);
      ResourceSet cpu = d.only(ResourceSet.CPU);
      if (blocked && !cpu.isEmpty()) {
        lent.put(spec.taskId(), cpu);
        held.put(spec.taskId(), d.minus(cpu));
        available = available.plus(cpu);
      }
    }
    long t0 = clock.nanoTime();
    return () -> finished(spec, t0);
  }

  @Override
  public int dropJob(JobId job) {
    synchronized (lock) {
      int before = ready.size();
      ready.removeIf(s -> s.kind() == TaskKind.NORMAL && s.jobId().equals(job));
      return before - ready.size();
    }
  }

  @Override
  public void workerBlocked(TaskId id) {
    synchronized (lock) {
      ResourceSet h = held.get(id);
      if (h == null || lent.containsKey(id)) {
        return;
      }
      ResourceSet cpu = h.only(ResourceSet.CPU);
      if (cpu.isEmpty()) {
        return;
      }
      lent.put(id, cpu);
      held.put(id, h.minus(cpu));
      available = available.plus(cpu);
    }
    dispatchReady();
  }

  @Override
  public void workerUnblocked(TaskId id) {
    synchronized (lock) {
      ResourceSet cpu = lent.remove(id);
      if (cpu != null) {
        held.put(id, held.get(id).plus(cpu));
        available = available.minus(cpu);
      }
    }
  }

  @Override
  public int queueLength() {
    synchronized (lock) {
      return fetching + ready.size();
    }
  }

  @Override
  public ResourceSet available() {
    synchronized (lock) {
      return available;
    }
  }

  @Override
  public ResourceSet total() {
    return total;
  }

  @Override
  public double averageTaskMillis() {
    return taskMillis.get();
  }

  @Override
  public ForwardingStats forwardingStats() {
    synchronized (lock) {
      return new ForwardingStats(forwardedForQueue, forwardedForResources);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      ready.clear();
    }
  }
}
