package org.miniray.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/** Ordering of actor calls by the host alone: sequence numbers per caller, inputs awaited in order. */
class SerialActorHostTest {
  private static final ActorId ACTOR = new ActorId(new TaskId(99));
  private static final FunctionDescriptor M =
      new FunctionDescriptor("a.B", "m", "()V", FunctionDescriptor.Kind.INSTANCE);

  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentHashMap<TaskId, CompletableFuture<Void>> inputs = new ConcurrentHashMap<>();
  private final Executor pool = Executors.newCachedThreadPool();

  private SerialActorHost host() {
    SerialActorHost h = new SerialActorHost("node-0",
        n -> com.google.common.util.concurrent.MoreExecutors.newSequentialExecutor(pool),
        spec -> inputs.getOrDefault(spec.taskId(), CompletableFuture.completedFuture(null)),
        (call, instance) -> ran.add(call.name()),
        (TaskSpec call, TaskError e) -> failed.add(call.name() + ": " + e.message()));
    TaskSpec creation = new TaskSpec(ACTOR.creationTask(), new JobId(1), new TaskId(0), TaskKind.ACTOR_CREATION,
        new FunctionDescriptor("a.B", "<init>", "()V", FunctionDescriptor.Kind.CONSTRUCTOR), List.of(),
        ResourceSet.EMPTY, null, new NodeId("node-0"), ACTOR, null, 0, 0, 0);
    h.register(creation, new Object(), () -> { });
    return h;
  }

  private static TaskSpec call(long caller, long seq) {
    return new TaskSpec(new TaskId(caller * 1000 + seq + 1), new JobId(1), new TaskId(caller), TaskKind.ACTOR_METHOD,
        M, List.of(), ResourceSet.EMPTY, "c" + caller + "#" + seq, new NodeId("node-0"), ACTOR, new TaskId(caller),
        seq, 0, 0);
  }

  @Test
  void callsArrivingOutOfOrderRunInSequenceOrder() {
    SerialActorHost h = host();
    h.submit(call(1, 2));
    h.submit(call(1, 0));
    h.submit(call(1, 3));
    h.submit(call(1, 1));
    Awaitility.await().until(() -> ran.size() == 4);
    assertThat(ran).containsExactly("c1#0", "c1#1", "c1#2", "c1#3");
  }

  @Test
  void aCallWaitingForInputsHoldsBackTheCallsAfterIt() {
    SerialActorHost h = host();
    CompletableFuture<Void> slow = new CompletableFuture<>();
    inputs.put(call(1, 0).taskId(), slow);
    h.submit(call(1, 0));
    h.submit(call(1, 1));
    h.submit(call(2, 0));
    assertThat(ran).isEmpty();
    slow.complete(null);
    Awaitility.await().until(() -> ran.size() == 3);
    assertThat(ran.indexOf("c1#0")).isLessThan(ran.indexOf("c1#1"));
  }

  @Test
  void duplicateCallRunsOnce() {
    SerialActorHost h = host();
    h.submit(call(1, 0));
    Awaitility.await().until(() -> ran.size() == 1);
    h.submit(call(1, 0));
    h.submit(call(1, 1));
    Awaitility.await().until(() -> ran.size() == 2);
    assertThat(ran).containsExactly("c1#0", "c1#1");
  }

  @Test
  void callsToAKilledActorFailWithTheReason() {
    SerialActorHost h = host();
    h.kill(ACTOR, "it was killed");
    h.submit(call(1, 0));
    assertThat(failed).singleElement().asString().contains("it was killed");
    assertThat(h.hosts(ACTOR)).isFalse();
  }

  /**
   * A restartable actor's call is logged only once its task-table row is written (a restore reads
   * a logged call's spec from its row), and the log is written in admission order even when the
   * rows complete out of order; a call whose row could not be written is not logged. A call runs
   * only once its log write is done (write-ahead): its result may reach its caller at once, and a
   * restore must then replay it.
   */
  @Test
  void aCallIsLoggedOnlyAfterItsRowIsWrittenAndInAdmissionOrderAndRunsOnlyOnceLogged() {
    InMemoryGcs gcs = new InMemoryGcs(2, Clock.SYSTEM);
    try {
      CheckpointStore store = new GcsCheckpointStore(gcs.checkpointTable());
      ActorRecovery recovery = new ActorRecovery(store, gcs.taskTable(), null,
          call -> CompletableFuture.completedFuture(null), Clock.SYSTEM, EventRecorder.OFF);
      ConcurrentHashMap<TaskId, CompletableFuture<Void>> rows = new ConcurrentHashMap<>();
      SerialActorHost h = new SerialActorHost("node-0",
          n -> com.google.common.util.concurrent.MoreExecutors.newSequentialExecutor(pool),
          new SerialActorHost.Calls(spec -> CompletableFuture.completedFuture(null),
              (call, instance) -> ran.add(call.name()),
              (TaskSpec call, TaskError e) -> failed.add(call.name() + ": " + e.message()),
              call -> rows.computeIfAbsent(call.taskId(), id -> new CompletableFuture<>())), recovery);
      TaskSpec creation = new TaskSpec(ACTOR.creationTask(), new JobId(1), new TaskId(0), TaskKind.ACTOR_CREATION,
          new FunctionDescriptor("a.B", "<init>", "()V", FunctionDescriptor.Kind.CONSTRUCTOR), List.of(),
          ResourceSet.EMPTY, null, new NodeId("node-0"), ACTOR, null, 0, 0, 1);
      h.register(creation, new Object(), () -> { });
      for (int seq = 0; seq < 4; seq++) {
        h.submit(call(1, seq));
      }
      Function<Integer, Optional<TaskId>> logged = i -> store.loggedCall(new JobId(1), ACTOR, i).join();
      assertThat(logged.apply(0)).as("logged before its row was written").isEmpty();
      assertThat(ran).as("calls run before they are logged (no row is written yet)").isEmpty();

      rows.get(call(1, 1).taskId()).complete(null);
      assertThat(logged.apply(1)).as("logged before the call admitted before it").isEmpty();
      assertThat(ran).as("calls run before they are logged (call 0's row is not written yet)").isEmpty();
      rows.get(call(1, 0).taskId()).complete(null);
      assertThat(logged.apply(0)).contains(call(1, 0).taskId());
      assertThat(logged.apply(1)).contains(call(1, 1).taskId());
      Awaitility.await().until(() -> ran.size() == 2);

      rows.get(call(1, 2).taskId()).completeExceptionally(new IllegalStateException("the GCS refused it"));
      rows.get(call(1, 3).taskId()).complete(null);
      assertThat(logged.apply(2)).as("logged though its row was not written").isEmpty();
      assertThat(logged.apply(3)).contains(call(1, 3).taskId());
      Awaitility.await().until(() -> ran.size() == 4); // a call that could not be logged still runs
    } finally {
      gcs.close();
    }
  }
}
