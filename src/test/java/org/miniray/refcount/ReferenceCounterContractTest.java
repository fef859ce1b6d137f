package org.miniray.refcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
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
  /** Registrations and their ends as the counter sent them: owner, objects, and which. */
  protected record Borrowing(NodeId owner, List<ObjectId> objects, boolean registration) {}

  protected final List<Borrowing> borrowings = new CopyOnWriteArrayList<>();
  protected final Set<ObjectId> recovered = ConcurrentHashMap.newKeySet();
  /** Borrowed objects whose owner was asked to keep them until its job ends. */
  protected final Set<ObjectId> pinned = ConcurrentHashMap.newKeySet();
  /** How many registrations, from now on, fail as a broken connection would. */
  protected final AtomicInteger lostRegistrations = new AtomicInteger();
  /** The owner's answer to each registration; answered at once unless a test holds one back. */
  protected final Map<NodeId, CompletableFuture<Void>> answers = new ConcurrentHashMap<>();
  private static final NodeId HERE = new NodeId("here");
  private static final NodeId OWNER = new NodeId("owner");
  private static final NodeId BORROWER = new NodeId("borrower");
  private ReferenceCounter counter;
  private final TaskId driver = TaskId.forDriver(new JobId(1));
  private int tasks;
  private int puts;

  /** The counter under test, of process {@code self}, delivering to {@code effects}. */
  protected abstract ReferenceCounter create(NodeId self, ReferenceCounter.Effects effects);

  @BeforeEach
  void start() {
    counter = create(HERE, effects());
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

      @Override
      public CompletableFuture<Void> borrow(NodeId owner, List<ObjectId> objects, boolean untilJobEnds) {
        if (untilJobEnds) {
          pinned.addAll(objects);
          return CompletableFuture.completedFuture(null);
        }
        borrowings.add(new Borrowing(owner, List.copyOf(objects), true));
        if (lostRegistrations.getAndDecrement() > 0) {
          return CompletableFuture.failedFuture(new IllegalStateException("the connection to " + owner + " broke"));
        }
        return answers.getOrDefault(owner, CompletableFuture.completedFuture(null));
      }

      @Override
      public void unborrow(NodeId owner, List<ObjectId> objects) {
        borrowings.add(new Borrowing(owner, List.copyOf(objects), false));
      }

      @Override
      public void recover(List<ObjectId> pending) {
        recovered.addAll(pending);
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
    counter.addContained(outer, HERE, inner);
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

  /** An object another process owns, whose ref this process read back from bytes. */
  private ObjectId borrowed() {
    ObjectId id = ObjectId.forPut(TaskId.forDriver(new JobId(2)), ++puts);
    assertThat(counter.addBorrowedReference(id, OWNER)).succeedsWithin(SOON);
    return id;
  }

  private List<Borrowing> unborrowed() {
    return borrowings.stream().filter(b -> !b.registration()).toList();
  }

  @Test
  void anObjectIsKeptWhileAnotherProcessBorrowsIt() {
    ObjectId p = put();
    counter.addBorrowers(BORROWER, List.of(p));
    counter.removeLocalReference(p);
    flush();
    assertThat(released).as("the borrower still holds a ref").doesNotContain(p);

    counter.removeBorrowers(BORROWER, List.of(p));
    releasedSoon(p);
  }

  @Test
  void aBorrowerRegisteredTwiceIsCountedUntilBothEnd() {
    ObjectId p = put();
    counter.addBorrowers(BORROWER, List.of(p)); // borrowed, dropped, borrowed again: two registrations
    counter.addBorrowers(BORROWER, List.of(p));
    counter.removeLocalReference(p);
    counter.removeBorrowers(BORROWER, List.of(p)); // the end of one, wherever it overtook the other
    flush();
    assertThat(released).as("the second borrow still holds it").doesNotContain(p);

    counter.removeBorrowers(BORROWER, List.of(p));
    releasedSoon(p);
  }

  @Test
  void aBorrowerDeclaredDeadStopsCountingAndItsLateRegistrationIsIgnored() {
    ObjectId p = put();
    counter.addBorrowers(BORROWER, List.of(p));
    counter.removeLocalReference(p);
    counter.borrowerDied(BORROWER);
    releasedSoon(p);

    ObjectId q = put();
    counter.addBorrowers(BORROWER, List.of(q)); // sent before it died, arrived after
    counter.removeLocalReference(q);
    releasedSoon(q);
  }

  @Test
  void aRefReadBackFromAnotherOwnerIsRegisteredOnceAndAnsweredBeforeItIsHandedOn() {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    answers.put(OWNER, answer);
    ObjectId x = ObjectId.forPut(TaskId.forDriver(new JobId(2)), 1);
    CompletableFuture<Void> first = counter.addBorrowedReference(x, OWNER);
    CompletableFuture<Void> second = counter.addBorrowedReference(x, OWNER); // read again, on another thread
    Awaitility.await().atMost(SOON).until(() -> !borrowings.isEmpty());
    assertThat(first).as("not answered by the owner yet").isNotDone();
    assertThat(second).as("a second reader waits for the same registration").isNotDone();
    counter.removeLocalReference(x);
    counter.removeLocalReference(x);
    flush();
    assertThat(unborrowed()).as("an end sent before its registration was answered could overtake it").isEmpty();

    answer.complete(null);
    assertThat(first).succeedsWithin(SOON);
    assertThat(second).succeedsWithin(SOON);
    Awaitility.await().atMost(SOON).untilAsserted(() ->
        assertThat(unborrowed()).containsExactly(new Borrowing(OWNER, List.of(x), false)));
    assertThat(borrowings.stream().filter(Borrowing::registration))
        .containsExactly(new Borrowing(OWNER, List.of(x), true));
    assertThat(released).as("a borrowed object is its owner's to release").doesNotContain(x);
  }

  @Test
  void aRegistrationThatFailsIsSentAgainBeforeTheValueIsHandedOn() {
    lostRegistrations.set(2);
    ObjectId x = ObjectId.forPut(TaskId.forDriver(new JobId(2)), 1);
    CompletableFuture<Void> registered = counter.addBorrowedReference(x, OWNER);
    assertThat(registered).succeedsWithin(SOON);
    assertThat(borrowings).as("two lost registrations, then one the owner answered")
        .containsExactly(new Borrowing(OWNER, List.of(x), true), new Borrowing(OWNER, List.of(x), true),
            new Borrowing(OWNER, List.of(x), true));
  }

  @Test
  void aBorrowedRefThatEscapesIsKeptByItsOwnerUntilTheJobEnds() {
    ObjectId x = borrowed();
    counter.escaped(x); // written into an actor's checkpoint, which may outlive this process
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(pinned).containsExactly(x));
    counter.removeLocalReference(x);
    flush();
    assertThat(unborrowed()).as("an escaped ref is held here until the job ends").isEmpty();
  }

  @Test
  void aBorrowRegisteredInTheOwnersOwnNameOutlivesEveryBorrowersDeath() {
    ObjectId p = put();
    counter.addBorrowers(HERE, List.of(p)); // a borrower's ref escaped: kept until the job ends
    counter.removeLocalReference(p);
    counter.borrowerDied(HERE);
    counter.borrowerDied(BORROWER);
    flush();
    assertThat(released).doesNotContain(p);

    counter.releaseAll();
    releasedSoon(p);
  }

  @Test
  void aRefToAnObjectOwnedHereIsCountedWithoutRegistering() {
    ObjectId p = put();
    assertThat(counter.addBorrowedReference(p, HERE)).isDone();
    counter.removeLocalReference(p);
    flush();
    assertThat(released).as("the ref read back still holds it").doesNotContain(p);
    counter.removeLocalReference(p);
    releasedSoon(p);
    assertThat(borrowings).isEmpty();
  }

  @Test
  void aBorrowedRefNestedInAnOwnedObjectIsBorrowedWhileThatObjectIsKept() {
    ObjectId x = borrowed();
    ObjectId outer = put();
    counter.addContained(outer, HERE, x);
    counter.removeLocalReference(x);
    flush();
    assertThat(unborrowed()).as("outer's bytes still hold x").isEmpty();

    counter.removeLocalReference(outer);
    releasedSoon(outer);
    Awaitility.await().atMost(SOON).untilAsserted(() ->
        assertThat(unborrowed()).containsExactly(new Borrowing(OWNER, List.of(x), false)));
  }

  @Test
  void aBorrowedRefPassedToATaskIsBorrowedWhileTheTaskMayRunAgain() {
    ObjectId x = borrowed();
    ObjectId r = submit(true, List.of(), List.of(x));
    counter.removeLocalReference(x);
    counter.created(r);
    flush();
    assertThat(unborrowed()).as("r's task may run again and read x back").isEmpty();

    counter.removeLocalReference(r);
    releasedSoon(r);
    Awaitility.await().atMost(SOON).untilAsserted(() ->
        assertThat(unborrowed()).containsExactly(new Borrowing(OWNER, List.of(x), false)));
  }

  /** A task ran here for process OWNER and returned a put's ref in its result; the put's own ref is gone. */
  private ObjectId putReturnedInAResultOwnerOwns(ObjectId result) {
    ObjectId p = put();
    counter.addContained(result, OWNER, p);
    counter.removeLocalReference(p);
    return p;
  }

  private static final ObjectId OWNERS_RESULT = TaskId.forChild(TaskId.forDriver(new JobId(2)), 1).returnId(1);

  @Test
  void aRefInAResultAnotherProcessOwnsIsKeptUntilThatOwnerReleasesTheResult() {
    ObjectId p = putReturnedInAResultOwnerOwns(OWNERS_RESULT);
    flush();
    assertThat(released).as("the result's owner may read p back from it").doesNotContain(p);

    counter.outersReleased(List.of(OWNERS_RESULT));
    releasedSoon(p);
  }

  @Test
  void aRefInAResultWhoseOwnerDiesIsLetGo() {
    ObjectId p = putReturnedInAResultOwnerOwns(OWNERS_RESULT);
    counter.borrowerDied(BORROWER);
    flush();
    assertThat(released).as("only the result's owner's death or release lets p go").doesNotContain(p);

    counter.borrowerDied(OWNER); // nobody can read p back through the result any more
    releasedSoon(p);
  }

  @Test
  void aPendingReturnNothingHoldsIsRecoveredAfterANodeDiesThenReleased() {
    ObjectId before = submit(true, List.of(), List.of());
    counter.removeLocalReference(before);
    flush();
    assertThat(recovered).as("no node died: its task runs and its result comes").isEmpty();

    counter.borrowerDied(BORROWER); // its task may have run there
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(recovered).containsExactly(before));
    ObjectId after = submit(true, List.of(), List.of());
    ObjectId held = submit(true, List.of(), List.of());
    counter.removeLocalReference(after); // dropped after the death
    Awaitility.await().atMost(SOON).untilAsserted(() -> assertThat(recovered).containsExactlyInAnyOrder(before, after));
    assertThat(recovered).as("a ref still holds it: its reader asks lineage").doesNotContain(held);

    counter.created(before); // its result, made again
    releasedSoon(before);
  }

  @Test
  void aRefInAnObjectMadeAgainAfterItsReleaseIsNotKept() {
    ObjectId inner = put();
    ObjectId outer = submit(true, List.of(), List.of());
    counter.created(outer);
    counter.removeLocalReference(outer);
    releasedSoon(outer);
    counter.addContained(outer, HERE, inner); // outer's task ran again for a reader that asked before the release
    counter.removeLocalReference(inner);
    releasedSoon(inner);
  }

  @Test
  void anIdItNeitherOwnsNorBorrowsIsNeverReleased() {
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
