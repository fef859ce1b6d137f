package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.WaitResult;
import org.miniray.common.DaemonThreads;

/** The task workloads: submission and completion of no-op tasks, alone, in bulk, from many threads, nested. */
final class TaskWorkloads {
  private TaskWorkloads() {}

  /** Submit one no-op task, get it, repeat: the round trip of the whole task path. */
  static final class TasksSync extends NamedWorkload {
    TasksSync() {
      super("single_client_tasks_sync", "tasks/s", true, Goal.atLeast(5_000), 980.0);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return Round.timed(ticker, sizes.syncCalls(), () -> {
        for (int i = 0; i < sizes.syncCalls(); i++) {
          Ray.get(Ray.task(Remote::noop).remote());
        }
      });
    }
  }

  /** Submit many no-op tasks, then get them all: submission and scheduling throughput. */
  static final class TasksAsync extends NamedWorkload {
    TasksAsync() {
      super("single_client_tasks_async", "tasks/s", true, Goal.atLeast(30_000), 8_041.0);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return Round.timed(ticker, sizes.asyncCalls(), () -> Ray.get(submitNoops(sizes.asyncCalls())));
    }
  }

  /** Several driver threads, each submitting its share of tasks and getting them, all at once. */
  static final class MultiClientTasksAsync extends NamedWorkload {
    private ExecutorService clients;

    MultiClientTasksAsync() {
      super("multi_client_tasks_async", "tasks/s", true, null, null);
    }

    @Override
    public void setUp(Sizes sizes) {
      clients = Executors.newFixedThreadPool(sizes.clientThreads(), DaemonThreads.named("bench-client"));
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) throws Exception {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < sizes.clientThreads(); c++) {
        done.add(clients.submit(() -> {
          go.await();
          return Ray.get(submitNoops(sizes.tasksPerClient()));
        }));
      }
      long t0 = ticker.read();
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      return Round.rate((double) sizes.clientThreads() * sizes.tasksPerClient(), ticker.read() - t0);
    }

    @Override
    public void tearDown() {
      clients.shutdownNow();
    }
  }

  /** Submit 1,000 tasks and {@code Ray.wait} for all of them: seconds per round. */
  static final class Wait1kRefs extends NamedWorkload {
    Wait1kRefs() {
      super("single_client_wait_1k_refs", "s", false, Goal.atMost(0.1), 0.2);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      long t0 = ticker.read();
      List<ObjectRef<Integer>> refs = submitNoops(sizes.waitRefs());
      WaitResult<Integer> r = Ray.wait(refs);
      long took = ticker.read() - t0;
      if (!r.getUnready().isEmpty()) {
        throw new IllegalStateException("Ray.wait for all returned with " + r.getUnready().size() + " unready");
      }
      return Round.of(took / 1e9);
    }
  }

  /** A task that submits {@code k} tasks that each submit {@code k} (1 + k + k*k tasks): tasks per second. */
  static final class NestedFanout extends NamedWorkload {
    NestedFanout() {
      super("nested_fanout", "tasks/s", true, null, null);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      int k = sizes.fanout();
      int expected = 1 + k + k * k;
      long t0 = ticker.read();
      for (int i = 0; i < sizes.fanoutsPerRound(); i++) {
        int n = Ray.get(Ray.task(Remote::fanoutRoot, k).remote());
        if (n != expected) {
          throw new IllegalStateException("fan-out ran " + n + " tasks, expected " + expected);
        }
      }
      return Round.rate((double) expected * sizes.fanoutsPerRound(), ticker.read() - t0);
    }
  }

  /** The end-to-end time of one task (submit to value in hand), p50 with p99 beside it, in microseconds. */
  static final class TaskLatency extends NamedWorkload {
    TaskLatency() {
      super("task_latency", "us", false, null, null);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      for (int i = 0; i < sizes.latencySamples(); i++) {
        long t0 = ticker.read();
        Ray.get(Ray.task(Remote::noop).remote());
        h.recordValue(Math.min(ticker.read() - t0, h.getHighestTrackableValue()));
      }
      Map<String, Double> tail = new LinkedHashMap<>();
      tail.put("p99_us", h.getValueAtPercentile(99) / 1e3);
      tail.put("p999_us", h.getValueAtPercentile(99.9) / 1e3);
      tail.put("max_us", h.getMaxValue() / 1e3);
      return new Round(h.getValueAtPercentile(50) / 1e3, tail);
    }
  }

  static List<ObjectRef<Integer>> submitNoops(int n) {
    List<ObjectRef<Integer>> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(Ray.task(Remote::noop).remote());
    }
    return refs;
  }
}
