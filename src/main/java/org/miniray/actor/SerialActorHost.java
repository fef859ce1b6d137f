package org.miniray.actor;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miniray.id.ActorId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;

/**
 * Hosts actors on a serial lane each. Calls are admitted in sequence-number order per caller,
 * then queued on the actor's lane in admission order; each waits on the lane for its inputs,
 * so a call never overtakes an earlier one.
 */
public final class SerialActorHost implements ActorHost {

  /** Runs an actor method on the current thread: (call, actor instance). */
  public interface MethodRunner extends BiConsumer<TaskSpec, Object> {}

  private final String nodeName;
  private final Supplier<Executor> lanes;
  private final Function<TaskSpec, CompletableFuture<Void>> inputs;
  private final MethodRunner runner;
  private final BiConsumer<TaskSpec, TaskError> failer;
  private final ConcurrentHashMap<ActorId, Hosted> actors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ActorId, String> deaths = new ConcurrentHashMap<>();

  /**
   * @param lanes makes a new serial executor per actor
   * @param inputs brings a call's object arguments into the local store
   * @param runner runs a call on the current thread
   * @param failer stores an error as a call's result
   */
  public SerialActorHost(String nodeName, Supplier<Executor> lanes, Function<TaskSpec, CompletableFuture<Void>> inputs,
      MethodRunner runner, BiConsumer<TaskSpec, TaskError> failer) {
    this.nodeName = nodeName;
    this.lanes = lanes;
    this.inputs = inputs;
    this.runner = runner;
    this.failer = failer;
  }

  private final class Hosted {
    final TaskSpec creation;
    final Object instance;
    final Runnable release;
    final Executor lane = lanes.get();
    final Map<TaskId, Long> nextSeq = new HashMap<>();
    final Map<TaskId, TreeMap<Long, TaskSpec>> early = new HashMap<>();
    volatile String deathCause;

    Hosted(TaskSpec creation, Object instance, Runnable release) {
      this.creation = creation;
      this.instance = instance;
      this.release = release;
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
      CompletableFuture<Void> ready = inputs.apply(call);
      lane.execute(() -> {
        ready.join();
        String dead = deathCause;
        if (dead != null) {
          failer.accept(call, died(call, dead));
        } else {
          runner.accept(call, instance);
        }
      });
    }
  }

  private TaskError died(TaskSpec call, String cause) {
    return TaskError.system(TaskError.Kind.ACTOR_DIED, call.name(), nodeName,
        "actor " + call.actorId() + " is dead: " + cause);
  }

  @Override
  public void register(TaskSpec creation, Object instance, Runnable release) {
    actors.put(creation.actorId(), new Hosted(creation, instance, release));
  }

  @Override
  public void submit(TaskSpec call) {
    Hosted h = actors.get(call.actorId());
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
      h.release.run();
    }
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
