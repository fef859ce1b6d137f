package org.miniray.cluster;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.remote.HeadRetries;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the task messages a process sent a head just before it died the head made durable, read
 * from the GCS that outlived it: a task whose row is in the task table was taken (the new head's
 * global scheduler takes over what was forwarded, and each process queues again what it owns), and
 * an actor whose entry left {@code PENDING} was built. Those are not sent again; a task with no
 * row is, and may run twice, which a retried task is allowed to. An actor's creation may not: a
 * second instance would restore the actor's checkpoint on another node while the first lives, and
 * the actor table would move the actor without counting a restart, so its callers would never send
 * again the calls lost with the first.
 */
final class HeldByTheHead implements HeadRetries.AlreadyHeld {
  private static final Logger log = LoggerFactory.getLogger(HeldByTheHead.class);
  private static final long LOOKUP_TIMEOUT_S = 30;

  private final Gcs gcs;

  HeldByTheHead(Gcs gcs) {
    this.gcs = gcs;
  }

  @Override
  public Set<Object> among(List<Object> bodies) {
    Map<Object, CompletableFuture<Boolean>> asked = new IdentityHashMap<>();
    for (Object body : bodies) {
      if (body instanceof TaskSpec spec) {
        asked.put(body, held(spec)); // every lookup goes out at once; the answers are read below
      }
    }
    // One deadline for all the answers: a head gone again must not cost a timeout per message.
    try {
      CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).get(LOOKUP_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception someUnanswered) {
      // read one by one below: those answered count, the others are sent again
    }
    Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<Object, CompletableFuture<Boolean>> e : asked.entrySet()) {
      CompletableFuture<Boolean> answer = e.getValue();
      if (answer.isDone() && !answer.isCompletedExceptionally()) {
        if (answer.join()) {
          held.add(e.getKey());
        }
        continue;
      }
      // Sent again: a task may run twice; only an actor's creation would be built twice.
      String why = answer.isDone() ? answer.handle((v, t) -> t.toString()).join()
          : "no answer within " + LOOKUP_TIMEOUT_S + " s";
      log.warn("cannot tell whether the new head holds {}; sending it again: {}", e.getKey(), why);
    }
    return held;
  }

  private CompletableFuture<Boolean> held(TaskSpec spec) {
    CompletableFuture<Boolean> row = gcs.taskTable().lookup(spec.taskId()).thenApply(r -> r.isPresent());
    if (spec.kind() != TaskKind.ACTOR_CREATION) {
      return row;
    }
    // A creation's row may be forgotten once the actor is built; its entry says whether it was.
    return row.thenCombine(gcs.actorTable().lookup(spec.actorId()),
        (hasRow, actor) -> hasRow || actor.map(a -> a.state() != ActorState.PENDING).orElse(false));
  }
}
