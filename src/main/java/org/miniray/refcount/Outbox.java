package org.miniray.refcount;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a counter's own thread delivers next: filled under the counter's lock, taken whole by that
 * thread ({@link #take}) and delivered outside it ({@link #deliver}), so that a decrement never
 * waits for a message.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  /** A registration that fails is sent this many times in all before its reader goes on. */
  private static final int REGISTRATION_TRIES = 6;

  final List<ObjectId> release = new ArrayList<>();
  final List<ObjectId> forget = new ArrayList<>();
  final List<TaskId> tasksToForget = new ArrayList<>();
  /** Per owner: the borrowed objects to register, each with the future its readers wait on. */
  final Map<NodeId, Map<ObjectId, CompletableFuture<Void>>> register = new HashMap<>();
  /** Per owner: borrowed objects whose refs escaped here, to be kept by their owner until its job ends. */
  final Map<NodeId, Map<ObjectId, CompletableFuture<Void>>> pin = new HashMap<>();
  final Map<NodeId, List<ObjectId>> unborrow = new HashMap<>();
  final List<ObjectId> recover = new ArrayList<>();

  boolean isEmpty() {
    return release.isEmpty() && forget.isEmpty() && register.isEmpty() && pin.isEmpty() && unborrow.isEmpty()
        && recover.isEmpty();
  }

  /** Called holding the counter's lock: this outbox's contents, leaving it empty. */
  Outbox take() {
    Outbox taken = new Outbox();
    taken.release.addAll(release);
    taken.forget.addAll(forget);
    taken.tasksToForget.addAll(tasksToForget);
    taken.register.putAll(register);
    taken.pin.putAll(pin);
    taken.unborrow.putAll(unborrow);
    taken.recover.addAll(recover);
    release.clear();
    forget.clear();
    tasksToForget.clear();
    register.clear();
    pin.clear();
    unborrow.clear();
    recover.clear();
    return taken;
  }

  /** On the counter's thread, outside its lock. Releases go before forgets: a node drops its copy and location before the row goes. */
  void deliver(ReferenceCounter.Effects effects) {
    if (!recover.isEmpty()) {
      try {
        effects.recover(recover);
      } catch (RuntimeException e) {
        log.warn("asking for {} pending results failed: {}", recover.size(), e.toString());
      }
    }
    register.forEach((owner, objects) -> register(effects, owner, objects, false, 1));
    pin.forEach((owner, objects) -> register(effects, owner, objects, true, 1));
    unborrow.forEach((owner, objects) -> {
      try {
        effects.unborrow(owner, objects);
      } catch (RuntimeException e) {
        log.debug("telling {} that {} objects are no longer borrowed failed: {}", owner, objects.size(), e.toString());
      }
    });
    try {
      if (!release.isEmpty() || !forget.isEmpty()) {
        effects.releaseAndForget(release, forget, List.copyOf(new LinkedHashSet<>(tasksToForget)));
      }
    } catch (RuntimeException e) {
      log.warn("releasing {} objects failed: {}", release.size() + forget.size(), e.toString());
    }
  }

  /**
   * Registers this process with {@code owner} as the borrower of {@code objects}. A registration that
   * fails (a lost message, a broken connection) is sent again, a few times, since a borrower the
   * owner does not count may see its object freed; one that arrived twice only keeps the object
   * longer. Each future completes when the owner answered, or after the last try: an owner that
   * never answers is dead, its objects with it, and a reader must not wait forever.
   */
  private static void register(ReferenceCounter.Effects effects, NodeId owner,
      Map<ObjectId, CompletableFuture<Void>> objects, boolean untilJobEnds, int attempt) {
    CompletableFuture<Void> answer;
    try {
      answer = effects.borrow(owner, List.copyOf(objects.keySet()), untilJobEnds);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((v, t) -> {
      if (t == null || attempt >= REGISTRATION_TRIES) {
        if (t != null) {
          log.warn("registering as borrower of {} objects with their owner {} failed {} times: {}", objects.size(),
              owner, attempt, t.toString());
        }
        objects.values().forEach(f -> f.complete(null));
        return;
      }
      CompletableFuture.delayedExecutor(50L << attempt, TimeUnit.MILLISECONDS)
          .execute(() -> register(effects, owner, objects, untilJobEnds, attempt + 1));
    });
  }
}
