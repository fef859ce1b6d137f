package org.miniray.refcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/**
 * The rules every {@link ReferenceCounter} follows, as sentences; one small subclass per
 * implementation. Effects are recorded; a test waits for them with Awaitility, and checks that
 * something was not released only after a later release proves the counter's thread ran.
 */
public abstract class ReferenceCounterContractTest {
  private static final Duration SOON = Duration.ofSeconds(10);

  /** Every effect the counter delivered, in order. */
  protected final Set<ObjectId> released = ConcurrentHashMap.newKeySet();
  protected final Set<ObjectId> forgotten = ConcurrentHashMap.newKeySet();
  protected final Set<TaskId> tasksForgotten = ConcurrentHashMap.newKeySet();
  protected final List<ObjectId> releasedTwice = new ArrayList<>();
  private ReferenceCounter counter;
  private final TaskId driver = TaskId.forDriver(new JobId(1));
  private int tasks;
  private int puts;

  /** The counter under test, delivering to {@code effects}; {@code followsBorrowers} as in the interface. */
  protected abstract ReferenceCounter create(boolean followsBorrowers, ReferenceCounter.Effects effects);

  @BeforeEach
  void start() {
    counter = create(true, effects());
  }

  protected ReferenceCounter.Effects effects() {
    return new ReferenceCounter.Effects() {
      @Override
      public void release(List<ObjectId> objects) {
        for (ObjectId o : objects) {
          if (!released.add(o)) {
            synchronized (releasedTwice) {
              releasedTwice.add(o);
            }
          }
        }
      }

      @Override
      public void forget(List<ObjectId> objects, List<TaskId> tasks) {
        forgotten.addAll(objects);
        tasksForgotten.addAll(tasks);
      }
    };
  }

  @AfterEach
  void stop() {
    counter.close();
    assertThat(releasedTwice).as("objects released more than once").isEmpty();
  }

  private ObjectId put() {
    ObjectId id = ObjectId.forPut(driver, ++puts);
    counter.ownPut(id);
    counter.addLocalReference(id);
    return id;
  }

  private ObjectId submit(boolean rebuildable, List<ObjectId> args, List<ObjectId> nested) {
    ObjectId id = TaskId.forChild(driver, ++tasks).returnId(1);
    counter.ownTaskReturn(id, rebuildable, args, nested);
    counter.addLocalReference(id);
    return id;
  }

  /** Releases a throwaway put and waits for it: every effect queued before has been delivered. */
  private void flush() {
    ObjectId marker = put();
    counter.removeLocalReference(marker);
    Awaitility.await().atMost(SOON).until(() -> released.contains(marker));
  }

  private void releasedSoon(ObjectId... ids) {
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(released).contains(ids));
  }

  @Test
  void aPutIsReleasedAndForgottenWhenItsLastRefDies() {
    ObjectId p = put();
    counter.addLocalReference(p); // a second ref
    counter.removeLocalReference(p);
    flush();
    assertThat(released).doesNotContain(p);
    assertThat(counter.isHeld(p)).isTrue();

    counter.removeLocalReference(p);
    releasedSoon(p);
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(forgotten).contains(p));
    assertThat(counter.isHeld(p)).isFalse();
    assertThat(counter.live()).doesNotContain(p);
  }

  @Test
  void aCopyThatArrivesAfterItsObjectWasReleasedIsReleasedAgain() {
    ObjectId r = submit(true, List.of(), List.of());
    counter.created(r); // stored where it ran; its push to the owner is still on its way
    counter.removeLocalReference(r);
    releasedSoon(r);
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(forgotten).contains(r));

    counter.created(r); // the push lands after the release: that copy must go as well
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(releasedTwice).containsExactly(r));
    releasedTwice.clear(); // the only second release this contract allows
    flush();
    assertThat(releasedTwice).as("a late copy is released once more, not again and again").isEmpty();
  }

  @Test
  void aPendingReturnIsKeptUntilItExistsThenReleased() {
    ObjectId r = submit(true, List.of(), List.of());
    counter.removeLocalReference(r);
    flush();
    assertThat(released).as("a result still to come would be stored after its release").doesNotContain(r);

    counter.created(r);
    releasedSoon(r);
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(tasksForgotten).contains(r.task()));
  }

  @Test
  void anArgumentIsKeptUntilItsTasksReturnExists() {
    ObjectId arg = put();
    ObjectId r = submit(true, List.of(arg), List.of());
    counter.removeLocalReference(arg);
    flush();
    assertThat(released).doesNotContain(arg);

    counter.created(r);
    // A put cannot be rebuilt, and r's task may run again while r's entry lives: lineage keeps it.
    flush();
    assertThat(released).doesNotContain(arg);

    counter.removeLocalReference(r);
    releasedSoon(r, arg);
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(forgotten).contains(r, arg));
  }

  @Test
  void anArgumentAndItsRowStayWhileLineageMayNeedThem() {
    ObjectId x = submit(true, List.of(), List.of());
    ObjectId y = submit(true, List.of(x), List.of());
    counter.created(x);
    counter.removeLocalReference(x);
    counter.created(y);
    flush();
    assertThat(released).as("y may be lost and its task run again, which reads x").doesNotContain(x);
    assertThat(forgotten).doesNotContain(x);
    assertThat(tasksForgotten).doesNotContain(x.task());

    counter.removeLocalReference(y);
    releasedSoon(x, y);
    Awaitility.await().atMost(SOON).untilAsserted(() -> {
      assertThat(forgotten).contains(x, y);
      assertThat(tasksForgotten).contains(x.task(), y.task());
    });
  }

  @Test
  void anActorCallsReturnIsNotRebuildableSoItsArgumentsLineageKeepsValues() {
    ObjectId x = submit(true, List.of(), List.of());
    ObjectId call = submit(false, List.of(x), List.of());
    counter.created(x);
    counter.created(call);
    counter.removeLocalReference(call);
    releasedSoon(call);
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(forgotten).contains(call));
    assertThat(tasksForgotten).as("an actor call's row is its actor's to replay").doesNotContain(call.task());
  }

  @Test
  void aNestedRefIsKeptWhileItsOuterObjectIs() {
    ObjectId inner = put();
    ObjectId outer = put();
    counter.addContained(outer, inner);
    counter.removeLocalReference(inner);
    flush();
    assertThat(released).doesNotContain(inner);

    counter.removeLocalReference(outer);
    releasedSoon(outer, inner);
  }

  @Test
  void aRefNestedInATaskArgumentIsKeptAsAnArgumentIs() {
    ObjectId inner = submit(true, List.of(), List.of());
    counter.created(inner);
    ObjectId r = submit(true, List.of(), List.of(inner));
    counter.removeLocalReference(inner);
    counter.created(r);
    flush();
    assertThat(released).as("r's task may run again and read the ref back").doesNotContain(inner);

    counter.removeLocalReference(r);
    releasedSoon(r, inner);
  }

  @Test
  void anEscapedRefIsKeptUntilTheJobEnds() {
    ObjectId p = put();
    counter.escaped(p);
    counter.removeLocalReference(p);
    flush();
    assertThat(released).doesNotContain(p);

    counter.releaseAll();
    releasedSoon(p);
  }

  @Test
  void whereBorrowersCannotBeFollowedNestedRefsEscape() {
    counter.close();
    counter = create(false, effects());
    ObjectId inner = put();
    ObjectId outer = put();
    counter.addContained(outer, inner);
    counter.removeLocalReference(inner);
    counter.removeLocalReference(outer);
    releasedSoon(outer);
    flush();
    assertThat(released).as("another process may hold the ref it read from outer's bytes").doesNotContain(inner);
  }

  @Test
  void anIdItDoesNotOwnIsNeverReleased() {
    ObjectId other = ObjectId.forPut(TaskId.forDriver(new JobId(2)), 1);
    counter.addLocalReference(other);
    counter.removeLocalReference(other);
    counter.created(other);
    flush();
    assertThat(released).doesNotContain(other);
    assertThat(counter.isHeld(other)).isFalse();
  }

  @Test
  void manyRefsDyingOnManyThreadsReleaseEachObjectOnce() throws InterruptedException {
    List<ObjectId> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ObjectId p = put();
      counter.addLocalReference(p);
      ids.add(p);
    }
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread th = new Thread(() -> ids.forEach(counter::removeLocalReference));
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(released).containsAll(ids));
    assertThat(counter.live()).doesNotContainAnyElementsOf(ids);
  }
}
