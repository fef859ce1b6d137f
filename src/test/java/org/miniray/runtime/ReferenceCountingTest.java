package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.UnreconstructableException;
import org.miniray.id.ObjectId;
import org.miniray.node.Node;
import org.miniray.refcount.NestedRefs;
import org.miniray.serialization.SerializedObject;

/**
 * Objects are freed by counting (issue 14): once no live ref reaches an object, every copy goes
 * from every store and its object-table entry and task-table row go from the GCS; while one
 * does, in the driver, in a pending task's arguments, or nested in a live object, it stays.
 * Waits call {@code System.gc()} until the condition holds: the collector decides when a
 * dropped ref is seen.
 */
class ReferenceCountingTest {
  private static final Duration GC_BOUND = Duration.ofSeconds(30);
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  static byte[] make(int n) {
    return new byte[n];
  }

  static int length(byte[] b) {
    return b.length;
  }

  static int lengthAfterGate(byte[] b) throws InterruptedException {
    assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
    return b.length;
  }

  static int sumOfNested(List<ObjectRef<byte[]>> refs) {
    int sum = 0;
    for (ObjectRef<byte[]> r : refs) {
      sum += Ray.get(r).length;
    }
    return sum;
  }

  static List<ObjectRef<byte[]>> makeNested(int n) {
    return List.of(Ray.put(new byte[n]), Ray.task(ReferenceCountingTest::make, n).remote());
  }

  private static MinirayRuntime runtime() {
    return (MinirayRuntime) Ray.internal();
  }

  private static List<Node> nodes() {
    return runtime().cluster().nodes();
  }

  private static int storedObjects() {
    return nodes().stream().mapToInt(n -> n.objects().store().count()).sum();
  }

  private static boolean inGcs(ObjectId id) {
    return runtime().cluster().gcs().objectTable().lookup(id).join().isPresent();
  }

  private static boolean taskRowInGcs(ObjectId id) {
    return runtime().cluster().gcs().taskTable().lookup(id.task()).join().isPresent();
  }

  private static boolean anywhere(ObjectId id) {
    return nodes().stream().anyMatch(n -> n.objects().store().contains(id));
  }

  /** Waits, collecting garbage, until {@code condition} holds. */
  static void awaitAfterGc(String what, java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await(what).atMost(GC_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
      System.gc();
      return condition.call();
    });
  }

  @Test
  void droppedResultsOfAChurnLoopAreFreedEverywhereWithTheirRows() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.refcount.forget.tasks", "true"));
    List<ObjectId> made = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      ObjectRef<byte[]> x = Ray.task(ReferenceCountingTest::make, 1 << 20).remote();
      ObjectRef<Integer> y = Ray.task(ReferenceCountingTest::length, x).remote();
      assertThat(Ray.get(y)).isEqualTo(1 << 20);
      made.add(((ObjectRefImpl<?>) x).id());
      made.add(((ObjectRefImpl<?>) y).id());
    }
    awaitAfterGc("every store empty", () -> storedObjects() == 0);
    awaitAfterGc("every object-table entry and task-table row gone",
        () -> made.stream().noneMatch(id -> inGcs(id) || taskRowInGcs(id)));
    assertThat(runtime().references().live()).isEmpty();
  }

  /**
   * With counting off ({@code miniray.refcount=none}, the baseline of counting's cost), a dropped
   * result and a dropped put stay in the stores and the object table, and the job's end frees them.
   */
  @Test
  void withCountingOffDroppedObjectsStayUntilTheJobEnds() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.refcount", "none"));
    assertThat(runtime().references().watchesRefs()).as("the counter the key chose watches refs").isFalse();
    ObjectRef<byte[]> result = Ray.task(ReferenceCountingTest::make, 4000).remote();
    assertThat(Ray.get(Ray.task(ReferenceCountingTest::length, result).remote())).isEqualTo(4000);
    ObjectId resultId = ((ObjectRefImpl<?>) result).id();
    ObjectId putId = ((ObjectRefImpl<?>) Ray.put(new byte[3000])).id();
    result = null;
    List<Node> nodes = nodes();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    // Nothing counts, so nothing frees them later either: no counter thread runs.
    assertThat(anywhere(resultId) && inGcs(resultId)).as("the dropped result").isTrue();
    assertThat(anywhere(putId) && inGcs(putId)).as("the dropped put").isTrue();
    assertThat(runtime().references().isHeld(resultId)).isTrue();
    Ray.shutdown();
    assertThat(nodes.stream().anyMatch(n -> n.objects().store().contains(resultId) || n.objects().store().contains(putId)))
        .as("a copy left after the job's end").isFalse();
  }

  @Test
  void anUnknownCounterIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Ray.init(Map.of("miniray.refcount", "sometimes")))
        .hasMessageContaining("miniray.refcount").hasMessageContaining("sometimes");
  }

  @Test
  void anObjectALiveRefReachesIsNeverFreed() {
    Ray.init(Map.of("miniray.nodes", "2"));
    ObjectRef<byte[]> kept = Ray.put(new byte[1000]);
    ObjectRef<byte[]> keptResult = Ray.task(ReferenceCountingTest::make, 2000).remote();
    ObjectRef<byte[]> dropped = Ray.put(new byte[3000]);
    ObjectId droppedId = ((ObjectRefImpl<?>) dropped).id();
    dropped = null;
    awaitAfterGc("the dropped put freed", () -> !anywhere(droppedId) && !inGcs(droppedId));
    assertThat(Ray.get(kept)).hasSize(1000);
    assertThat(Ray.get(keptResult)).hasSize(2000);
  }

  @Test
  void anArgumentOfATaskNotFinishedStaysThoughItsRefIsDropped() {
    Ray.init(Map.of("miniray.nodes", "2"));
    gate = new CountDownLatch(1);
    ObjectRef<byte[]> arg = Ray.put(new byte[5000]);
    ObjectId argId = ((ObjectRefImpl<?>) arg).id();
    ObjectRef<Integer> pending = Ray.task(ReferenceCountingTest::lengthAfterGate, arg).remote();
    arg = null;
    // The counter's table is the witness: a collection runs, the put stays held.
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(runtime().references().isHeld(argId)).isTrue();
    gate.countDown();
    assertThat(Ray.get(pending)).isEqualTo(5000);
    pending = null;
    awaitAfterGc("the argument freed once its task's return is gone", () -> !anywhere(argId) && !inGcs(argId));
  }

  @Test
  void aRefNestedInALiveObjectKeepsItsObject() {
    Ray.init(Map.of("miniray.nodes", "2"));
    ObjectRef<byte[]> inner = Ray.put(new byte[7000]);
    ObjectId innerId = ((ObjectRefImpl<?>) inner).id();
    ObjectRef<List<ObjectRef<byte[]>>> outer = Ray.put(List.of(inner));
    inner = null;
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(runtime().references().isHeld(innerId)).isTrue();
    // A task on any node reads the list back and gets the nested object.
    assertThat(Ray.get(Ray.task(ReferenceCountingTest::sumOfNested, outer).remote())).isEqualTo(7000);
    outer = null;
    awaitAfterGc("the nested object freed with its outer object", () -> !anywhere(innerId) && !inGcs(innerId));
  }

  @Test
  void refsNestedInATaskResultLiveAsLongAsTheResult() {
    Ray.init(Map.of("miniray.nodes", "2"));
    ObjectRef<List<ObjectRef<byte[]>>> outer = Ray.task(ReferenceCountingTest::makeNested, 4000).remote();
    List<ObjectId> innerIds = new ArrayList<>();
    for (ObjectRef<byte[]> r : Ray.get(outer)) {
      innerIds.add(((ObjectRefImpl<?>) r).id());
    }
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(innerIds).allSatisfy(id -> assertThat(runtime().references().isHeld(id)).isTrue());
    assertThat(Ray.get(Ray.task(ReferenceCountingTest::sumOfNested, outer).remote())).isEqualTo(8000);
    outer = null;
    awaitAfterGc("the nested objects freed with the result",
        () -> innerIds.stream().noneMatch(id -> anywhere(id) || inGcs(id)));
  }

  @Test
  void aGetThroughARefReadBackAfterItsObjectWasFreedFailsNamingIt() {
    Ray.init(Map.of());
    ObjectRef<byte[]> ref = Ray.put(new byte[100]);
    ObjectId id = ((ObjectRefImpl<?>) ref).id();
    // Bytes kept outside any object the counter follows (written in a scope, so not escaped).
    SerializedObject stale = serializedUncounted(ref);
    ref = null;
    awaitAfterGc("the put freed", () -> !runtime().references().isHeld(id) && !anywhere(id));
    ObjectRef<?> readBack = (ObjectRef<?>) runtime().cluster().serializer().deserialize(stale);
    assertThatThrownBy(() -> Ray.get(readBack, 10_000)).isInstanceOf(UnreconstructableException.class)
        .hasMessageContaining(id.toString()).hasMessageContaining("was freed");
  }

  private static SerializedObject serializedUncounted(Object value) {
    return NestedRefs.collect(() -> runtime().cluster().serializer().serialize(value)).value();
  }
}
