package org.miniray.bench;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.common.DaemonThreads;

/** The actor workloads: one caller and one actor, synchronously and in bulk, and n callers with n actors. */
final class ActorWorkloads {
  private ActorWorkloads() {}

  /** Call a no-op method, get the result, repeat. */
  static final class ActorCallsSync extends OneActorWorkload {
    ActorCallsSync() {
      super("1_1_actor_calls_sync", "calls/s", true, Goal.atLeast(5_000), 2_012.0);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return Round.timed(ticker, sizes.syncCalls(), () -> {
        for (int i = 0; i < sizes.syncCalls(); i++) {
          Ray.get(actor.task(Remote.Counter::noop).remote());
        }
      });
    }
  }

  /** Submit many calls to one actor, then get them all. */
  static final class ActorCallsAsync extends OneActorWorkload {
    ActorCallsAsync() {
      super("1_1_actor_calls_async", "calls/s", true, Goal.atLeast(20_000), 8_664.0);
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) {
      return Round.timed(ticker, sizes.asyncCalls(), () -> Ray.get(callNoops(actor, sizes.asyncCalls())));
    }
  }

  /** A workload on one fresh counter actor, made before the rounds. */
  private abstract static class OneActorWorkload extends NamedWorkload {
    ActorHandle<Remote.Counter> actor;

    OneActorWorkload(String name, String unit, boolean higherIsBetter, Goal goal, Double rayFigure) {
      super(name, unit, higherIsBetter, goal, rayFigure);
    }

    @Override
    public void setUp(Sizes sizes) {
      actor = newActor();
    }
  }

  /**
   * n driver threads, each with its own actor, each submitting its share of calls and getting
   * them (Ray's callers are actors; here they are driver threads, which the embedded runtime
   * treats as the driver).
   */
  static final class NnActorCallsAsync extends NamedWorkload {
    static final int N = 2;
    private final List<ActorHandle<Remote.Counter>> actors = new ArrayList<>();
    private ExecutorService callers;

    NnActorCallsAsync() {
      super("n_n_actor_calls_async", "calls/s", true, null, null);
    }

    @Override
    public void setUp(Sizes sizes) {
      for (int i = 0; i < N; i++) {
        actors.add(newActor());
      }
      callers = Executors.newFixedThreadPool(N, DaemonThreads.named("bench-caller"));
    }

    @Override
    public Round round(Sizes sizes, Ticker ticker) throws Exception {
      int each = sizes.asyncCalls() / N;
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (ActorHandle<Remote.Counter> a : actors) {
        done.add(callers.submit(() -> {
          go.await();
          return Ray.get(callNoops(a, each));
        }));
      }
      long t0 = ticker.read();
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      return Round.rate((double) each * N, ticker.read() - t0);
    }

    @Override
    public void tearDown() {
      callers.shutdownNow();
      actors.clear();
    }
  }

  /** A new actor, checked to be up and to keep its state (so the figures are not for a dead actor). */
  static ActorHandle<Remote.Counter> newActor() {
    ActorHandle<Remote.Counter> a = Ray.actor(Remote.Counter::new).remote();
    int first = Ray.get(a.task(Remote.Counter::increment).remote());
    int second = Ray.get(a.task(Remote.Counter::increment).remote());
    if (second != first + 1) {
      throw new IllegalStateException("the actor lost its state between calls: " + first + ", " + second);
    }
    return a;
  }

  static List<ObjectRef<Integer>> callNoops(ActorHandle<Remote.Counter> actor, int n) {
    List<ObjectRef<Integer>> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(actor.task(Remote.Counter::noop).remote());
    }
    return refs;
  }
}
