package org.miniray.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.TaskError;
import org.miniray.task.TaskSpec;
import org.miniray.transport.InJvmTransport;
import org.miniray.transport.NodeObjects;
import org.miniray.transport.NodeService;

/** Two object managers joined by the in-JVM transport and an in-memory GCS. */
class ObjectManagerTest {
  private final InMemoryGcs gcs = new InMemoryGcs(2, Clock.SYSTEM);
  private final InJvmTransport transport = new InJvmTransport();
  private static final java.nio.file.Path spillBase = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
      "miniray-object-manager-test");
  /** How many times each node was asked for an object (pulled from). */
  private final ConcurrentHashMap<String, AtomicInteger> pulls = new ConcurrentHashMap<>();
  private final ObjectManager a = manager("node-a");
  private final ObjectManager b = manager("node-b");

  /** Pushes results of up to this many bytes to their owner. */
  private static final int PUSH_MAX = 64;

  private ObjectManager manager(String name) {
    NodeId id = new NodeId(name);
    ObjectManager m = new ObjectManager(id, new ObjectManager.Parts(new HeapObjectStore(1 << 20,
        SpillDirectory.forNode(spillBase, name)), gcs.objectTable(),
        transport, LineageReplayer.NONE), Clock.SYSTEM, EventRecorder.OFF, PUSH_MAX);
    transport.bind(id, new NodeService() {
      @Override
      public void placeTask(TaskSpec spec) {}

      @Override
      public void submitActorTask(TaskSpec spec) {}

      @Override
      public CompletableFuture<SerializedObject> fetchObject(ObjectId object) {
        pulls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        SerializedObject o = m.getLocal(object);
        return o != null ? CompletableFuture.completedFuture(o)
            : CompletableFuture.failedFuture(new NoSuchElementException(object.toString()));
      }

      @Override
      public void pushObject(ObjectId object, SerializedObject value) {
        m.receive(object, value);
      }

      @Override
      public void objectMade(ObjectId object, NodeId holder, long sizeBytes) {
        m.made(object, holder, sizeBytes);
      }

      @Override
      public void killActor(ActorId actor, String reason) {}

      @Override
      public void failTask(TaskSpec spec, TaskError error) {}

      @Override
      public void freeObjects(List<ObjectId> ids) {
        ids.forEach(m::free);
      }

      @Override
      public void releaseObjects(List<ObjectId> ids) {
        m.releaseAll(ids);
      }
    });
    return m;
  }

  @AfterEach
  void close() {
    gcs.close();
    a.store().close();
    b.store().close();
  }

  private static SerializedObject bytes(int n) {
    return new SerializedObject(SerializedObject.RAW_BYTES, new byte[n]);
  }

  /**
   * A question to the lineage replayer asked while an earlier one is out is asked again once that
   * returns: the earlier answer may predate what prompted the second (a lost actor call's row
   * written after its actor was declared dead), and dropping it left that call's get waiting forever.
   */
  @Test
  void aRecheckWhileLineageIsDecidingIsAskedAgainAfterwards() throws Exception {
    List<CompletableFuture<SerializedObject>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    LineageReplayer slow = new LineageReplayer() {
      @Override
      public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
        CompletableFuture<SerializedObject> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
      }

      @Override
      public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
        return CompletableFuture.completedFuture(false);
      }
    };
    NodeId self = new NodeId("node-d");
    ObjectManager m = new ObjectManager(self, new ObjectManager.Parts(new HeapObjectStore(1 << 20,
        SpillDirectory.forNode(spillBase, "node-d")), gcs.objectTable(), transport, slow), Clock.SYSTEM,
        EventRecorder.OFF, PUSH_MAX);
    try {
      ObjectId id = new ObjectId(new TaskId(41), 1);
      CompletableFuture<SerializedObject> got = m.fetch(id);
      m.recheck(id);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);
      m.recheck(id); // while the first question is out
      assertThat(answers).as("questions out at once").hasSize(1);
      answers.get(0).complete(null); // "keep waiting": decided before what prompted the second recheck
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
      SerializedObject error = bytes(7);
      answers.get(1).complete(error);
      assertThat(got.get(10, TimeUnit.SECONDS)).isSameAs(error);
    } finally {
      m.store().close();
    }
  }

  /**
   * A question the lineage replayer could not be asked (the head that answers it away, its
   * connection down) is asked again: the news that prompted it (a death) may never come again.
   */
  @Test
  void aQuestionToLineageThatFailedToGoOutIsAskedAgain() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SerializedObject error = bytes(9);
    LineageReplayer away = new LineageReplayer() {
      @Override
      public CompletableFuture<SerializedObject> reconstruct(ObjectId id) {
        return asked.incrementAndGet() < 3 ? CompletableFuture.failedFuture(new IllegalStateException("head away"))
            : CompletableFuture.completedFuture(error);
      }

      @Override
      public CompletableFuture<Boolean> attemptFailed(TaskSpec spec, String why) {
        return CompletableFuture.completedFuture(false);
      }
    };
    ObjectManager m = new ObjectManager(new NodeId("node-e"), new ObjectManager.Parts(new HeapObjectStore(1 << 20,
        SpillDirectory.forNode(spillBase, "node-e")), gcs.objectTable(), transport, away), Clock.SYSTEM,
        EventRecorder.OFF, PUSH_MAX);
    try {
      ObjectId id = new ObjectId(new TaskId(42), 1);
      CompletableFuture<SerializedObject> got = m.fetch(id);
      m.recheck(id); // once: the first two tries fail to go out
      assertThat(got.get(10, TimeUnit.SECONDS)).isSameAs(error);
      assertThat(asked.get()).as("questions").isEqualTo(3);
    } finally {
      m.store().close();
    }
  }

  @Test
  void everyCopyHeldIsPublishedAgainForANewHead() throws Exception {
    ObjectId made = new ObjectId(new TaskId(77), 1);
    ObjectId pulled = new ObjectId(new TaskId(78), 1);
    a.putPrimary(made, bytes(100));
    b.putPrimary(pulled, bytes(50));
    a.fetch(pulled).get(10, TimeUnit.SECONDS);
    NodeId nodeA = new NodeId("node-a");
    Awaitility.await("node-a's pulled copy published").atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(gcs.objectTable().lookup(pulled).get().orElseThrow().locations())
            .contains(nodeA));
    // The head that took these location writes died before they reached the GCS.
    gcs.objectTable().removeLocation(made, nodeA).get(10, TimeUnit.SECONDS);
    gcs.objectTable().removeLocation(pulled, nodeA).get(10, TimeUnit.SECONDS);
    assertThat(gcs.objectTable().lookup(made).get().map(ObjectEntry::locations).orElse(Set.of()))
        .doesNotContain(nodeA);

    assertThat(HeadRestartCopies.publishAgain(a)).as("copies held by node-a").isEqualTo(2);

    Awaitility.await("node-a's copies published again").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(gcs.objectTable().lookup(made).get().orElseThrow().locations()).contains(nodeA);
      assertThat(gcs.objectTable().lookup(pulled).get().orElseThrow().locations()).contains(nodeA);
      assertThat(gcs.objectTable().lookup(made).get().orElseThrow().sizeBytes()).isEqualTo(100);
    });
  }

  @Test
  void objectMadeElsewhereIsPulledIntoTheLocalStore() throws Exception {
    ObjectId id = new ObjectId(new TaskId(1), 1);
    a.putPrimary(id, bytes(100));
    SerializedObject got = b.fetch(id).get(10, TimeUnit.SECONDS);
    assertThat(got.size()).isEqualTo(100);
    assertThat(b.getLocal(id)).isNotNull();
    // The new copy's location is published after the bytes are local: wait for it, not for a time.
    Awaitility.await("node-b's copy published").atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(gcs.objectTable().lookup(id).get().orElseThrow().locations())
            .containsExactlyInAnyOrder(new NodeId("node-a"), new NodeId("node-b")));
  }

  /**
   * Waiting for an object, a task's inputs and an actor call's acknowledgement need to know that an
   * object is here, not its bytes: copying each out of its slabs or spilled file to learn that
   * once filled a 1 GiB heap with a 3 GiB working set ({@code make spill-check}).
   */
  @Test
  void learningThatAnObjectIsHereNeverCopiesItOut() throws Exception {
    AtomicInteger gets = new AtomicInteger();
    HeapObjectStore real = new HeapObjectStore(8 << 20, SpillDirectory.forNode(spillBase, "counting"));
    ObjectStore counting = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("get")) {
            gets.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    ObjectManager m = new ObjectManager(new NodeId("node-c"), new ObjectManager.Parts(counting, gcs.objectTable(),
        transport, LineageReplayer.NONE), Clock.SYSTEM, EventRecorder.OFF, PUSH_MAX);
    try {
      ObjectId id = new ObjectId(new TaskId(40), 1);
      m.putPrimary(id, bytes(3 << 20));
      assertThat(m.whenLocal(id)).isCompleted();
      assertThat(m.fetchAll(List.of(id))).isCompleted();
      assertThat(m.isLocal(id)).isTrue();
      assertThat(m.localSize(id)).isEqualTo(3 << 20);
      assertThat(m.localEncoding(id)).isEqualTo(SerializedObject.RAW_BYTES);
      assertThat(gets.get()).as("copies of the object read out of the store").isZero();
      assertThat(m.getLocal(id).size()).isEqualTo(3 << 20);
      assertThat(gets.get()).as("a get reads it, once").isEqualTo(1);
    } finally {
      real.close();
    }
  }

  @Test
  void aJobsEndReleasesItsCopiesSpilledOrNotAndRefusesLaterOnesButKeepsOtherJobs() throws Exception {
    TaskId one = TaskId.forChild(TaskId.forDriver(new JobId(1)), 1);
    TaskId two = TaskId.forChild(TaskId.forDriver(new JobId(2)), 1);
    ObjectId small = one.returnId(1);
    ObjectId large = ObjectId.forPut(one, 1); // larger than the 1 MiB store: straight to a file
    ObjectId other = two.returnId(1);
    a.putPrimary(small, bytes(100));
    a.putPrimary(large, bytes(2 << 20));
    a.putPrimary(other, bytes(100));
    a.recordCallSite(small, "Main.java:3 (Main.main)");
    assertThat(a.store().usage().spilledCount()).as("spilled").isEqualTo(1);
    CompletableFuture<SerializedObject> waiting = a.fetch(one.returnId(2)); // a result not made yet

    assertThat(a.endJob(new JobId(1))).as("copies released").isEqualTo(2);

    assertThat(a.store().copies()).extracting(NodeObjects.Copy::id).containsExactly(other);
    assertThat(a.store().usage().spilledCount()).as("spilled after").isZero();
    assertThat(a.listing().callSites()).isEmpty();
    Awaitility.await("the location is removed").atMost(Duration.ofSeconds(10)).until(() ->
        gcs.objectTable().lookup(small).get().map(ObjectEntry::locations).orElse(java.util.Set.of()).isEmpty());
    assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ObjectFreedException.class);
    a.putResult(one.returnId(3), new NodeId("node-a"), bytes(10)); // a task of the job that still ran
    assertThat(a.getLocal(one.returnId(3))).as("a result of the ended job").isNull();
    assertThat(a.hasEnded(new JobId(1))).isTrue();
    assertThat(a.hasEnded(new JobId(2))).isFalse();
    assertThat(a.getLocal(other)).as("the other job's object").isNotNull();
  }

  @Test
  void fetchOfAnObjectNotMadeYetCompletesWhenItAppears() throws Exception {
    ObjectId id = new ObjectId(new TaskId(2), 1);
    CompletableFuture<SerializedObject> waiting = b.fetch(id);
    assertThat(waiting).isNotDone();
    a.putPrimary(id, bytes(7));
    assertThat(waiting.get(10, TimeUnit.SECONDS).size()).isEqualTo(7);
  }

  /**
   * A fetch started as the cluster shuts down (an actor call resent on a timer's thread did this)
   * fails with the table's refusal instead of throwing where nothing catches it, and a later fetch
   * of the same object is not stuck behind it.
   */
  @Test
  void aFetchTheClosedTableRefusesFailsWithTheRefusal() {
    ObjectId id = new ObjectId(new TaskId(9), 1);
    gcs.close();
    CompletableFuture<SerializedObject> refused = b.fetch(id);
    assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("GCS is closed");
    assertThat(b.fetch(id)).as("a second fetch starts afresh").isNotSameAs(refused);
  }

  @Test
  void localObjectWakesLocalWaitersWithoutTheGcs() throws Exception {
    ObjectId id = new ObjectId(new TaskId(3), 1);
    CompletableFuture<SerializedObject> waiting = a.fetch(id);
    a.putPrimary(id, bytes(3));
    assertThat(waiting).isCompleted();
  }

  @Test
  void concurrentFetchesOfOneObjectShareOnePull() throws Exception {
    ObjectId id = new ObjectId(new TaskId(4), 1);
    CompletableFuture<SerializedObject> f1 = b.fetchIntoStore(id);
    CompletableFuture<SerializedObject> f2 = b.fetchIntoStore(id);
    CompletableFuture<SerializedObject> f3 = b.fetch(id);
    assertThat(f1).isSameAs(f2);
    a.putPrimary(id, bytes(5));
    assertThat(f1.get(10, TimeUnit.SECONDS)).isSameAs(f2.get(10, TimeUnit.SECONDS));
    assertThat(f3.get(10, TimeUnit.SECONDS).bytes()).hasSize(5);
    assertThat(pulls.get("node-a")).as("pulls of the object from its holder").hasValue(1);
  }

  @Test
  void smallResultIsPushedToItsOwnerWhichThenNeedsNoPull() throws Exception {
    ObjectId id = new ObjectId(new TaskId(5), 1);
    CompletableFuture<SerializedObject> waiting = b.fetch(id);
    a.putResult(id, new NodeId("node-b"), bytes(PUSH_MAX));
    // In-JVM delivery is synchronous: the owner holds its copy as soon as putResult returns.
    assertThat(b.getLocal(id)).isNotNull();
    assertThat(waiting).isCompleted();
    assertThat(waiting.get().size()).isEqualTo(PUSH_MAX);
    Awaitility.await("both copies published").atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(gcs.objectTable().lookup(id).get().orElseThrow().locations())
            .containsExactlyInAnyOrder(new NodeId("node-a"), new NodeId("node-b")));
  }

  @Test
  void resultAboveThePushLimitStaysWhereItWasMadeUntilPulled() throws Exception {
    ObjectId id = new ObjectId(new TaskId(6), 1);
    a.putResult(id, new NodeId("node-b"), bytes(PUSH_MAX + 1));
    assertThat(b.getLocal(id)).isNull();
    assertThat(gcs.objectTable().lookup(id).get().orElseThrow().locations()).containsExactly(new NodeId("node-a"));
    assertThat(b.fetch(id).get(10, TimeUnit.SECONDS).size()).isEqualTo(PUSH_MAX + 1);
  }

  @Test
  void resultOwnedHereIsNotPushed() throws Exception {
    ObjectId id = new ObjectId(new TaskId(7), 1);
    a.putResult(id, new NodeId("node-a"), bytes(1));
    assertThat(b.getLocal(id)).isNull();
    assertThat(a.getLocal(id)).isNotNull();
  }

  @Test
  void freedObjectLeavesEveryStoreAndTheObjectTable() throws Exception {
    ObjectId id = new ObjectId(new TaskId(40), 1);
    a.putPrimary(id, bytes(1000));
    b.fetch(id).get(5, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
        gcs.objectTable().lookup(id).join().orElseThrow().locations().size() == 2);

    assertThat(a.free(id)).isTrue();
    assertThat(b.free(id)).isTrue();

    assertThat(a.store().usedBytes()).isZero();
    assertThat(b.store().usedBytes()).isZero();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
        gcs.objectTable().lookup(id).join().orElseThrow().locations().isEmpty());
    assertThatThrownBy(() -> b.fetch(id).get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ObjectFreedException.class).hasMessageContaining("was freed");
  }

  @Test
  void freedObjectIsNotStoredAgainWhenItIsMadeOrPushedLater() {
    ObjectId id = new ObjectId(new TaskId(41), 1);
    a.free(id);
    a.putPrimary(id, bytes(10)); // a task re-run by lineage
    a.receive(id, bytes(10)); // a push that was on its way
    assertThat(a.store().contains(id)).isFalse();
    assertThat(gcs.objectTable().lookup(id).join()).isEmpty();
  }

  @Test
  void fetchWaitingForAnObjectFailsWhenItIsFreed() {
    ObjectId id = new ObjectId(new TaskId(42), 1);
    CompletableFuture<SerializedObject> waiting = b.fetch(id);
    assertThat(waiting).isNotDone();
    b.free(id);
    assertThat(waiting).isCompletedExceptionally();
    assertThatThrownBy(waiting::join).hasCauseInstanceOf(ObjectFreedException.class);
  }

  @Test
  void ownerWaitsForThePushOfItsSmallResultRatherThanPullingItToo() throws Exception {
    ObjectId id = new ObjectId(new TaskId(8), 1);
    b.expectPush(id);
    CompletableFuture<SerializedObject> waiting = b.fetch(id);
    // The location's news reaches the owner before the push (they travel apart between processes).
    CompletableFuture<Void> newsDelivered = new CompletableFuture<>();
    var after = gcs.objectTable().subscribe(id, e -> {
      if (!e.locations().isEmpty()) {
        newsDelivered.complete(null); // delivered after the owner's subscription saw the same entry
      }
    });
    a.putPrimary(id, bytes(10));
    newsDelivered.get(10, TimeUnit.SECONDS);
    after.close();
    assertThat(waiting).isNotDone();
    b.receive(id, bytes(10));
    assertThat(waiting.get(10, TimeUnit.SECONDS).size()).isEqualTo(10);
    assertThat(pulls.getOrDefault("node-a", new AtomicInteger()).get()).as("pulls from node-a").isZero();
  }

  @Test
  void ownerPullsItsSmallResultWhenThePushNeverComes() throws Exception {
    ObjectId id = new ObjectId(new TaskId(9), 1);
    b.expectPush(id);
    CompletableFuture<SerializedObject> waiting = b.fetch(id);
    a.putPrimary(id, bytes(10)); // stored and published, never pushed
    assertThat(waiting.get(10, TimeUnit.SECONDS).size()).isEqualTo(10);
    assertThat(pulls.get("node-a").get()).as("pulls from node-a").isEqualTo(1);
  }

  @Test
  void ownerOfALargeResultPullsItOnItsMakersNoticeWithoutWaitingForTheGcs() throws Exception {
    ObjectId id = new ObjectId(new TaskId(10), 1);
    b.expectPush(id);
    CompletableFuture<SerializedObject> waiting = b.fetch(id); // subscribes only after a grace period
    a.putResult(id, new NodeId("node-b"), bytes(PUSH_MAX + 1));
    // The notice and the pull are synchronous in-JVM: no GCS notification was needed.
    assertThat(waiting).isCompleted();
    assertThat(waiting.get().size()).isEqualTo(PUSH_MAX + 1);
    assertThat(pulls.get("node-a").get()).as("pulls from node-a").isEqualTo(1);
  }
}
