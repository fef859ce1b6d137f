package org.miniray.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.CheckpointContext;
import org.miniray.api.Checkpointable;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.labs.GradeRecorder;
import org.miniray.labs.Points;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * Lab 4, parts 1 and 2: {@link ActorRecovery} alone, on an in-memory GCS. Part 1 restores actors
 * from call logs and checkpoints the test writes; part 2 runs calls through a journal and
 * checks which checkpoints are saved, and when: the test decides when each call's result counts
 * as kept by its caller. The in-memory GCS completes its futures at once, so a checkpoint whose
 * conditions are met is saved before {@code keep} returns.
 */
@ExtendWith(GradeRecorder.class)
@Timeout(20)
class ActorRecoveryTest {
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final ActorId ACTOR = new ActorId(TaskId.forChild(DRIVER, 1));
  private static final TaskId ALICE = TaskId.forChild(DRIVER, 100);
  private static final TaskId BOB = TaskId.forChild(DRIVER, 200);
  private static final FunctionDescriptor ADD =
      new FunctionDescriptor(Counter.class.getName(), "add", "(I)I", FunctionDescriptor.Kind.INSTANCE);
  private static final TaskSpec CREATION = new TaskSpec(ACTOR.creationTask(), JOB, DRIVER, TaskKind.ACTOR_CREATION,
      new FunctionDescriptor(Counter.class.getName(), "<init>", "(I)V", FunctionDescriptor.Kind.CONSTRUCTOR),
      List.of(), ResourceSet.EMPTY, "Counter", new NodeId("node-0"), ACTOR, null, 0, 0, 1);

  private final InMemoryGcs gcs = new InMemoryGcs(2, org.miniray.common.Clock.SYSTEM);
  private final CheckpointStore store = new GcsCheckpointStore(gcs.checkpointTable());
  private final Serializer serializer = new ForySerializer(new Allowlist().allowPackageOf(ActorRecoveryTest.class));
  private final AtomicLong nanos = new AtomicLong();
  private final Map<TaskId, CompletableFuture<Void>> kept = new HashMap<>();
  private final ActorRecovery recovery = new ActorRecovery(store, gcs.taskTable(), serializer,
      call -> kept.computeIfAbsent(call.taskId(), id -> new CompletableFuture<>()), nanos::get, EventRecorder.OFF);
  private final Map<String, Long> nextSeq = new HashMap<>();

  @AfterEach
  void close() {
    gcs.close();
  }

  /** The actor: a running total, checkpointed after every {@code every} calls (0: never). */
  public static final class Counter implements Checkpointable {
    final int every;
    int total;
    int calls;
    final List<CheckpointContext> asked = new ArrayList<>();

    public Counter(int every) {
      this.every = every;
    }

    int add(int x) {
      total = total * 31 + x;
      calls++;
      return total;
    }

    @Override
    public boolean shouldCheckpoint(CheckpointContext context) {
      asked.add(context);
      return every > 0 && context.callsSinceLastCheckpoint() >= every;
    }

    @Override
    public Object saveCheckpoint() {
      return new Snapshot(total, calls);
    }

    @Override
    public void loadCheckpoint(Object snapshot) {
      Snapshot s = (Snapshot) snapshot;
      total = s.total();
      calls = s.calls();
    }
  }

  /** What a {@link Counter}'s checkpoint holds. */
  public record Snapshot(int total, int calls) {}

  /** A plain actor class: no checkpoints. */
  public static final class Plain {}

  /** The next call of {@code caller} to the actor, recorded in the task table (as its caller's runtime does). */
  private TaskSpec call(TaskId caller, int x) {
    long seq = nextSeq.merge(caller.toString(), 1L, Long::sum) - 1;
    TaskSpec spec = new TaskSpec(TaskId.forChild(caller, seq + 1), JOB, caller, TaskKind.ACTOR_METHOD, ADD, List.of(),
        ResourceSet.EMPTY, "add(" + x + ")", new NodeId("node-0"), ACTOR, caller, seq, 0, 0);
    gcs.taskTable().add(spec).join();
    return spec;
  }

  /** The host's part: call {@code index} is logged. */
  private void logged(long index, TaskSpec call) {
    store.logCall(JOB, ACTOR, index, call.taskId()).join();
  }

  private void checkpoint(long covered, Map<TaskId, Long> seqs, Snapshot s) {
    SerializedObject bytes = serializer.serialize(s);
    store.saveCheckpoint(JOB, ACTOR, new ActorCheckpoint(covered, seqs, bytes.encoding(), bytes.bytes())).join();
  }

  private Optional<ActorCheckpoint> saved() {
    return store.latestCheckpoint(JOB, ACTOR).join();
  }

  private Snapshot snapshotOf(ActorCheckpoint cp) {
    return (Snapshot) serializer.deserialize(new SerializedObject(cp.encoding(), cp.snapshot()));
  }

  /** Runs {@code call} as the host does: the method on the instance, then the journal. */
  private void run(ActorRecovery.Journal journal, Counter actor, TaskSpec call, long index, int x) {
    actor.add(x);
    journal.afterCall(actor, call, index);
  }

  private void keep(TaskSpec call) {
    kept.computeIfAbsent(call.taskId(), id -> new CompletableFuture<>()).complete(null);
  }

  // --- part 1: restore ----------------------------------------------------------------------

  @Test
  @Tag("lab4")
  @Tag("lab4-part1")
  @Points(4)
  @DisplayName("an actor with no checkpoint and no logged calls starts fresh")
  void actorWithNothingToRestoreStartsFresh() {
    Counter fresh = new Counter(0);
    ActorRecovery.Restored r = recovery.restore(CREATION, fresh);
    assertThat(r.callsCovered()).as("calls covered").isZero();
    assertThat(r.replay()).as("calls to replay").isEmpty();
    assertThat(r.nextSequence()).as("callers' next sequence numbers").isEmpty();
    assertThat(fresh.total).as("the fresh instance's state").isZero();
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part1")
  @Points(10)
  @DisplayName("without a checkpoint every logged call replays, in the order of the log (not of callers)")
  void withoutACheckpointEveryLoggedCallReplaysInLogOrder() {
    TaskSpec a0 = call(ALICE, 1);
    TaskSpec b0 = call(BOB, 2);
    TaskSpec a1 = call(ALICE, 3);
    TaskSpec b1 = call(BOB, 4);
    List<TaskSpec> ran = List.of(b0, a0, b1, a1); // the order the actor admitted them
    for (int i = 0; i < ran.size(); i++) {
      logged(i, ran.get(i));
    }
    Counter fresh = new Counter(0);
    ActorRecovery.Restored r = recovery.restore(CREATION, fresh);
    assertThat(r.replay()).as("calls to replay").containsExactlyElementsOf(ran);
    assertThat(r.callsCovered()).as("calls covered (no checkpoint)").isZero();
    assertThat(fresh.total).as("the instance before its replay").isZero();
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part1")
  @Points(12)
  @DisplayName("with a checkpoint the actor resumes from its state and replays only the calls logged after it")
  void withACheckpointOnlyCallsAfterItReplay() {
    List<TaskSpec> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(call(i % 2 == 0 ? ALICE : BOB, i));
      logged(i, calls.get(i));
    }
    checkpoint(3, Map.of(ALICE, 2L, BOB, 1L), new Snapshot(961, 3));
    Counter fresh = new Counter(0);
    ActorRecovery.Restored r = recovery.restore(CREATION, fresh);
    assertThat(r.callsCovered()).as("calls covered by the checkpoint").isEqualTo(3);
    assertThat(r.replay()).as("calls to replay: those logged after the checkpoint")
        .containsExactly(calls.get(3), calls.get(4));
    assertThat(r.nextSequence()).as("each caller's next sequence number, from the checkpoint")
        .isEqualTo(Map.of(ALICE, 2L, BOB, 1L));
    assertThat(fresh.total).as("the instance's state, loaded from the checkpoint").isEqualTo(961);
    assertThat(fresh.calls).as("the instance's call count, loaded from the checkpoint").isEqualTo(3);
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part1")
  @Points(6)
  @DisplayName("a checkpoint that covers every logged call leaves nothing to replay, but still restores the state")
  void checkpointCoveringEveryCallLeavesNothingToReplay() {
    for (int i = 0; i < 2; i++) {
      logged(i, call(ALICE, i));
    }
    checkpoint(2, Map.of(ALICE, 2L), new Snapshot(1, 2));
    Counter fresh = new Counter(0);
    ActorRecovery.Restored r = recovery.restore(CREATION, fresh);
    assertThat(r.replay()).as("calls to replay").isEmpty();
    assertThat(r.callsCovered()).as("calls covered").isEqualTo(2);
    assertThat(r.nextSequence()).as("next sequence numbers").isEqualTo(Map.of(ALICE, 2L));
    assertThat(fresh.calls).as("the restored call count").isEqualTo(2);
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part1")
  @Points(8)
  @DisplayName("what cannot be restored is an IllegalStateException naming the actor or the call")
  void whatCannotBeRestoredIsAnErrorNamingIt() {
    checkpoint(0, Map.of(), new Snapshot(0, 0));
    assertThatThrownBy(() -> recovery.restore(CREATION, new Plain()))
        .as("restoring a checkpoint into an actor that is not Checkpointable")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(ACTOR.toString());
    TaskId ghost = TaskId.forChild(ALICE, 77);
    store.logCall(JOB, ACTOR, 0, ghost).join();
    assertThatThrownBy(() -> recovery.restore(CREATION, new Counter(0)))
        .as("restoring an actor whose log names a call the task table does not have")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(ghost.toString());
  }

  // --- part 2: taking checkpoints -----------------------------------------------------------

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(6)
  @DisplayName("after every call the actor is asked, with the calls and milliseconds since its last checkpoint")
  void actorIsAskedAfterEveryCallWithTheCallsSinceItsLastCheckpoint() {
    Counter actor = new Counter(3);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    for (int i = 0; i < 7; i++) {
      TaskSpec c = call(ALICE, i);
      keep(c);
      nanos.addAndGet(5_000_000); // 5 ms per call
      run(journal, actor, c, i, i);
    }
    assertThat(actor.asked.stream().map(CheckpointContext::callsSinceLastCheckpoint).toList())
        .as("calls since the last checkpoint, as the actor was told after each call (it checkpoints at 3)")
        .containsExactly(1, 2, 3, 1, 2, 3, 1);
    assertThat(actor.asked.stream().map(CheckpointContext::millisSinceLastCheckpoint).toList())
        .as("milliseconds since the last checkpoint (or the start), by the journal's clock")
        .containsExactly(5L, 10L, 15L, 5L, 10L, 15L, 5L);
    assertThat(actor.asked).allSatisfy(c -> assertThat(c.actorId()).isEqualTo(ACTOR.toString()));
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(8)
  @DisplayName("a checkpoint is saved only once every call it covers has its result kept by its caller")
  void checkpointIsSavedOnlyOnceTheResultsItCoversAreKept() {
    Counter actor = new Counter(2);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    TaskSpec a0 = call(ALICE, 5);
    TaskSpec b0 = call(BOB, 6);
    run(journal, actor, a0, 0, 5);
    run(journal, actor, b0, 1, 6);
    assertThat(saved()).as("checkpoint saved while neither covered result is kept").isEmpty();
    keep(b0);
    assertThat(saved()).as("checkpoint saved while call 0's result is not kept").isEmpty();
    keep(a0);
    ActorCheckpoint cp = saved().orElseThrow(() -> new AssertionError("no checkpoint saved once both results are kept"));
    assertThat(cp.callsCovered()).as("calls the checkpoint covers").isEqualTo(2);
    assertThat(cp.nextSequence()).as("each caller's next sequence number after the covered calls")
        .isEqualTo(Map.of(ALICE, 1L, BOB, 1L));
    assertThat(snapshotOf(cp)).as("the saved snapshot").isEqualTo(new Snapshot(5 * 31 + 6, 2));
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(4)
  @DisplayName("the snapshot is the state when the actor asked for it, not when the checkpoint is saved")
  void snapshotIsTakenWhenAskedNotWhenSaved() {
    Counter actor = new Counter(2);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    List<TaskSpec> calls = List.of(call(ALICE, 1), call(ALICE, 2), call(ALICE, 3));
    for (int i = 0; i < 3; i++) {
      run(journal, actor, calls.get(i), i, i + 1);
    }
    calls.forEach(this::keep);
    ActorCheckpoint cp = saved().orElseThrow(() -> new AssertionError("no checkpoint saved after 2 calls were kept"));
    assertThat(cp.callsCovered()).as("calls covered").isEqualTo(2);
    assertThat(snapshotOf(cp)).as("the snapshot of the state after call 2 (call 3 ran before the save)")
        .isEqualTo(new Snapshot(1 * 31 + 2, 2));
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(4)
  @DisplayName("the sequence numbers a checkpoint covers are those when it was taken, not when it is saved")
  void sequenceNumbersAreCopiedWhenTheCheckpointIsTaken() {
    Counter actor = new Counter(2);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    TaskSpec a0 = call(ALICE, 1);
    TaskSpec b0 = call(BOB, 2);
    TaskSpec a1 = call(ALICE, 3);
    run(journal, actor, a0, 0, 1);
    run(journal, actor, b0, 1, 2); // the checkpoint is taken here, covering a0 and b0
    run(journal, actor, a1, 2, 3); // runs before the checkpoint can be saved
    List.of(a0, b0, a1).forEach(this::keep);
    ActorCheckpoint cp = saved().orElseThrow(() -> new AssertionError("no checkpoint saved after 2 calls were kept"));
    assertThat(cp.callsCovered()).as("calls covered").isEqualTo(2);
    assertThat(cp.nextSequence())
        .as("each caller's next sequence number when the checkpoint was taken: alice's second call ran after it, so"
            + " a restored actor that skips it loses its effect")
        .isEqualTo(Map.of(ALICE, 1L, BOB, 1L));
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(4)
  @DisplayName("checkpoints are saved in the order taken: a later one waits for the earlier one")
  void laterCheckpointWaitsForTheEarlierOne() {
    Counter actor = new Counter(1);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    TaskSpec first = call(ALICE, 1);
    TaskSpec second = call(ALICE, 2);
    run(journal, actor, first, 0, 1);
    run(journal, actor, second, 1, 2);
    keep(second);
    assertThat(saved()).as("checkpoint saved while the first call's result is not kept").isEmpty();
    keep(first);
    assertThat(saved().map(ActorCheckpoint::callsCovered)).as("calls covered by the latest checkpoint")
        .contains(2L);
  }

  @Test
  @Tag("lab4")
  @Tag("lab4-part2")
  @Points(4)
  @DisplayName("an actor whose node died (its journal closed) saves no checkpoint afterwards")
  void closedJournalSavesNothing() {
    Counter actor = new Counter(1);
    ActorRecovery.Journal journal = recovery.open(CREATION, ActorRecovery.Restored.FRESH);
    TaskSpec c = call(ALICE, 1);
    run(journal, actor, c, 0, 1);
    journal.close();
    keep(c);
    assertThat(saved()).as("checkpoint saved by a closed journal").isEmpty();
  }
}
