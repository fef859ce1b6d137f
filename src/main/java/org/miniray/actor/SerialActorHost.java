package org.miniray.actor;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.miniray.id.ActorId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;

/**
 * Hosts actors on a serial lane each. Calls are admitted in sequence-number order per caller,
 * then queued on the actor's lane in admission order; each waits on the lane for its inputs,
 * so a call never overtakes an earlier one.
 *
 * <p>With an {@link ActorRecovery}, an actor that may be restarted has its calls logged and its
 * checkpoints taken; when such an actor is registered again after its node died, the host
 * restores it and replays the logged calls before admitting new ones. A call whose sequence
 * number is below its caller's next (a resend of a call already run or replayed) is dropped.
 *
 * <p>The host, not the caller, records each call it admits in the task table (the
 * {@code recorder}), before the call is logged or run: the spec then travels once, to the
 * actor's node, and reaches the GCS through the same client that later publishes the call's
 * result, so a call's spec is written before its output is (the ZooKeeper GCS's log keeps one
 * client's writes in order). A restartable actor's call is logged only once its row is written
 * ({@link ActorRecovery.Journal#logAdmitted}): a restore reads each logged call's spec from its
 * row. {@link ActorRouter} covers the calls that never reach a host.
 */
public final class SerialActorHost implements ActorHost {

  /** Runs an actor method on the current thread: (call, actor instance). */
  public interface MethodRunner extends BiConsumer<TaskSpec, Object> {}

  private final String nodeName;
  private final Set<ActorId> dropped = ConcurrentHashMap.newKeySet();
  private final IntFunction<Executor> lanes;
  private final Function<TaskSpec, CompletableFuture<Void>> inputs;
  private final MethodRunner runner;
  private final BiConsumer<TaskSpec, TaskError> failer;
  private final ConcurrentHashMap<ActorId, Hosted> actors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ActorId, String> deaths = new ConcurrentHashMap<>();
  private final ActorRecovery recovery;
  private final Function<TaskSpec, CompletableFuture<Void>> recorder;

  /**
   * What the host does with a call, besides ordering it.
   *
   * @param inputs brings a call's object arguments into the local store
   * @param runner runs a call on the current thread
   * @param failer stores an error as a call's result
   * @param recorder records an admitted call's spec in the task table (asynchronously; it must not
   *     block); its future completes when the row is written, and fails if it was not
   */
  public record Calls(Function<TaskSpec, CompletableFuture<Void>> inputs, MethodRunner runner,
      BiConsumer<TaskSpec, TaskError> failer, Function<TaskSpec, CompletableFuture<Void>> recorder) {}

  /** A host of actors that are never restarted, whose calls are not recorded. */
  public SerialActorHost(String nodeName, IntFunction<Executor> lanes, Function<TaskSpec, CompletableFuture<Void>> inputs,
      MethodRunner runner, BiConsumer<TaskSpec, TaskError> failer) {
    this(nodeName, lanes, new Calls(inputs, runner, failer, call -> CompletableFuture.completedFuture(null)), null);
  }

  /**
   * @param lanes makes an actor's lane, given how many of its calls may run at once (1: serial)
   * @param recovery checkpoints and replay for restartable actors, or null for none
   */
  public SerialActorHost(String nodeName, IntFunction<Executor> lanes, Calls calls, ActorRecovery recovery) {
    this.recovery = recovery;
    this.recorder = calls.recorder();
    this.nodeName = nodeName;
    this.lanes = lanes;
    this.inputs = calls.inputs();
    this.runner = calls.runner();
    this.failer = calls.failer();
  }

  private final class Hosted {
    final TaskSpec creation;
    final Object instance;
    final Runnable release;
    final Executor lane;
    final Map<TaskId, Long> nextSeq = new HashMap<>();
    final Map<TaskId, TreeMap<Long, TaskSpec>> early = new HashMap<>();
    volatile String deathCause;
    volatile boolean dropped; // forgotten for a restart: its queued calls neither run nor fail
    final ActorRecovery.Journal journal;
    long admitted;

    Hosted(TaskSpec creation, Object instance, Runnable release, ActorRecovery.Restored restored) {
      this.creation = creation;
      this.lane = lanes.apply(creation.maxConcurrency());
      this.instance = instance;
      this.release = release;
      this.journal = restored == null ? null : recovery.open(creation, restored);
      if (restored != null) {
        nextSeq.putAll(restored.nextSequence());
        admitted = restored.callsCovered();
        for (TaskSpec call : restored.replay()) {
          nextSeq.merge(call.callerId(), call.sequenceNumber() + 1, Math::max);
          enqueue(call, admitted++); // already in the log
        }
      }
    }

    synchronized void submit(TaskSpec call) {
      long expected = nextSeq.getOrDefault(call.callerId(), 0L);
      if (call.sequenceNumber() < expected) {
        return; // a duplicate of a call already admitted
      }
      early.computeIfAbsent(call.callerId(), c -> new TreeMap<>()).put(call.sequenceNumber(), call);
      TreeMap<Long, TaskSpec> waiting = early.get(call.callerId());
      while (!waiting.isEmpty() && waiting.firstKey() == expected) {
        admit(waiting.pollFirstEntry().getValue());
        expected++;
      }
      nextSeq.put(call.callerId(), expected);
      if (waiting.isEmpty()) {
        early.remove(call.callerId());
      }
    }

    private void admit(TaskSpec call) {
      long index = admitted++;
      CompletableFuture<Void> row = recorder.apply(call);
      CompletableFuture<Void> logged = journal != null
          ? journal.logAdmitted(index, call, row) // once the row is written: a replay reads the spec from it
          : CompletableFuture.completedFuture(null);
      enqueue(call, index, logged);
    }

    /** Runs {@code call}, which is in the log already, on the lane once its inputs are local. */
    private void enqueue(TaskSpec call, long index) {
      enqueue(call, index, CompletableFuture.completedFuture(null));
    }

    /** Runs {@code call} on the lane once its inputs are local and it is {@code logged} (write-ahead). */
    private void enqueue(TaskSpec call, long index, CompletableFuture<Void> logged) {
      CompletableFuture<Void> ready = CompletableFuture.allOf(inputs.apply(call), logged);
      lane.execute(() -> {
        try {
          ready.join();
        } catch (RuntimeException e) {
          // the inputs cannot come (this node died): the death cause below says so
        }
        if (dropped) {
          return; // its caller sends it again to the restarted actor
        }
        String dead = deathCause;
        if (dead != null) {
          failer.accept(call, died(call, dead));
        } else {
          runner.accept(call, instance);
          if (journal != null) {
            inLoaderOf(instance, () -> journal.afterCall(instance, call, index));
          }
        }
      });
    }
  }

  /**
   * Runs {@code action} with the actor's class loader as the thread's context loader, so that a
   * checkpoint of an actor whose code was shipped with its job is written and read with that job's
   * classes (the serializer finds classes through the context loader).
   */
  private static void inLoaderOf(Object instance, Runnable action) {
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    ClassLoader own = instance.getClass().getClassLoader();
    self.setContextClassLoader(own != null ? own : before); // null: a JDK class, from the boot loader
    try {
      action.run();
    } finally {
      self.setContextClassLoader(before);
    }
  }

  private TaskError died(TaskSpec call, String cause) {
    return TaskError.actorDied(call.name(), nodeName, call.actorId(), "actor " + call.actorId() + " is dead: " + cause);
  }

  @Override
  public void register(TaskSpec creation, Object instance, Runnable release) {
    ActorRecovery.Restored restored = null;
    if (recovery != null && creation.maxRestarts() > 0) {
      ActorRecovery.Restored[] out = new ActorRecovery.Restored[1];
      // blocking reads: the node's worker thread may wait
      inLoaderOf(instance, () -> out[0] = recovery.restore(creation, instance));
      restored = out[0];
    }
    // Hosted before it stops counting as dropped: a call arriving in between would otherwise find
    // neither and fail as if the actor did not live here (seen once under load, after kill(false)).
    actors.put(creation.actorId(), new Hosted(creation, instance, release, restored));
    dropped.remove(creation.actorId());
  }

  @Override
  public void submit(TaskSpec call) {
    Hosted h = actors.get(call.actorId());
    if (h == null && dropped.contains(call.actorId())) {
      return; // restarting: its caller sends it again to the restarted actor
    }
    if (h == null) {
      failer.accept(call, died(call, deaths.getOrDefault(call.actorId(), "it does not live on " + nodeName)));
      return;
    }
    h.submit(call);
  }

  @Override
  public void kill(ActorId id, String reason) {
    deaths.put(id, reason);
    Hosted h = actors.remove(id);
    if (h != null) {
      h.deathCause = reason;
      if (h.journal != null) {
        h.journal.close();
      }
      h.release.run();
    }
  }

  @Override
  public boolean drop(ActorId id) {
    dropped.add(id);
    Hosted h = actors.remove(id);
    if (h == null) {
      return false;
    }
    h.dropped = true;
    if (h.journal != null) {
      h.journal.close();
    }
    h.release.run();
    return true;
  }

  @Override
  public boolean hosts(ActorId id) {
    return actors.containsKey(id);
  }

  @Override
  public void close() {
    actors.keySet().forEach(id -> kill(id, "its node shut down"));
  }
}
