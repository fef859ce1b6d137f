package org.miniray.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * What every {@link Gcs} promises (paper section 4.2.1), one test per claim. Each
 * implementation has a tiny subclass that says how to make one; lab 5's ZooKeeper GCS must pass
 * all of it. Notifications are awaited, never slept for.
 */
public abstract class GcsContractTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  protected static final JobId JOB = new JobId(1);
  protected static final TaskId DRIVER = TaskId.forDriver(JOB);

  protected Gcs gcs;

  /** A new, empty GCS; the test closes it. */
  protected abstract Gcs createGcs();

  /**
   * Another client of the store behind {@link #gcs}, opened now (a process started later on the
   * same GCS: a head started again); the test closes it, which leaves the store open. A GCS that is
   * its own store (in memory) hands out the same tables again.
   */
  protected abstract Gcs openAnotherClient();

  @BeforeEach
  void openGcs() {
    gcs = createGcs();
  }

  @AfterEach
  void closeGcs() {
    gcs.close();
  }

  // --- Object table -------------------------------------------------------------------------

  @Test
  void objectLocationsAreAddedAndRemoved() {
    ObjectId x = object(1);
    done(gcs.objectTable().addLocation(x, node(0), 100));
    done(gcs.objectTable().addLocation(x, node(1), 100));
    assertThat(entry(x).locations()).as("locations after two copies").containsExactlyInAnyOrder(node(0), node(1));
    assertThat(entry(x).sizeBytes()).isEqualTo(100);

    done(gcs.objectTable().removeLocation(x, node(0)));
    assertThat(entry(x).locations()).containsExactly(node(1));
    done(gcs.objectTable().removeLocation(x, node(1)));
    assertThat(entry(x).locations()).as("an object whose last copy is gone keeps its entry").isEmpty();
    assertThat(done(gcs.objectTable().lookup(object(2)))).as("an object never added").isEmpty();
  }

  @Test
  protected void aBatchOfRemovedLocationsTakesOnlyThatNodesCopies() {
    List<ObjectId> batch = new java.util.ArrayList<>();
    for (int i = 1; i <= 40; i++) { // enough ids to land in every shard
      done(gcs.objectTable().addLocation(object(i), node(0), 8));
      done(gcs.objectTable().addLocation(object(i), node(1), 8));
      batch.add(object(i));
    }
    done(gcs.objectTable().addLocation(object(41), node(0), 8));
    batch.add(object(99)); // never added: changes nothing

    done(gcs.objectTable().removeLocations(batch, node(0)));

    for (int i = 1; i <= 40; i++) {
      assertThat(entry(object(i)).locations()).as("object %d after node 0's batch", i).containsExactly(node(1));
    }
    assertThat(entry(object(41)).locations()).as("an object not in the batch").containsExactly(node(0));
    assertThat(done(gcs.objectTable().lookup(object(99)))).as("an id of the batch never added").isEmpty();
  }

  @Test
  void subscriberLearnsOfNewObjectWithoutPolling() {
    ObjectId x = object(1);
    Recorder<ObjectEntry> waiter = new Recorder<>();
    gcs.objectTable().subscribe(x, waiter);

    done(gcs.objectTable().addLocation(x, node(3), 8));

    List<ObjectEntry> seen = waiter.awaitAtLeast(1);
    assertThat(seen.get(0).locations()).as("the first notification names the node that made the object")
        .containsExactly(node(3));
  }

  @Test
  void subscriberGetsCurrentEntryFirst() {
    ObjectId x = object(1);
    done(gcs.objectTable().addLocation(x, node(0), 8));
    Recorder<ObjectEntry> late = new Recorder<>();
    gcs.objectTable().subscribe(x, late);
    done(gcs.objectTable().addLocation(x, node(1), 8));

    List<ObjectEntry> seen = late.awaitUntil(l -> last(l).locations().size() == 2);
    assertThat(seen.get(0).locations()).as("a late subscriber first gets the entry as it is now")
        .containsExactly(node(0));
    assertThat(last(seen).locations()).containsExactlyInAnyOrder(node(0), node(1));
  }

  @Test
  void subscriptionCloseStopsNotifications() {
    ObjectId x = object(1);
    Recorder<ObjectEntry> leaver = new Recorder<>();
    Recorder<ObjectEntry> stayer = new Recorder<>();
    Subscription s = gcs.objectTable().subscribe(x, leaver);
    gcs.objectTable().subscribe(x, stayer);
    done(gcs.objectTable().addLocation(x, node(0), 8));
    leaver.awaitAtLeast(1);

    s.close();
    s.close(); // twice is harmless
    done(gcs.objectTable().addLocation(x, node(1), 8));

    stayer.awaitUntil(l -> last(l).locations().size() == 2);
    int before = leaver.size();
    eventually().during(Duration.ofMillis(200)).until(() -> leaver.size() == before);
    assertThat(leaver.snapshot()).as("notifications after close").allMatch(e -> e.locations().size() == 1);
  }

  @Test
  void deadNodeLocationsAreDropped() {
    done(gcs.objectTable().addLocation(object(1), node(0), 8));
    done(gcs.objectTable().addLocation(object(1), node(1), 8));
    done(gcs.objectTable().addLocation(object(2), node(0), 8));
    done(gcs.objectTable().addLocation(object(3), node(1), 8));
    Recorder<ObjectEntry> watcher = new Recorder<>();
    gcs.objectTable().subscribe(object(2), watcher);
    watcher.awaitAtLeast(1);

    done(gcs.objectTable().removeNode(node(0)));

    assertThat(entry(object(1)).locations()).containsExactly(node(1));
    assertThat(entry(object(2)).locations()).as("an object only the dead node held").isEmpty();
    assertThat(entry(object(3)).locations()).containsExactly(node(1));
    watcher.awaitUntil(l -> last(l).locations().isEmpty());
  }

  @Test
  protected void forgottenObjectsLoseTheirEntriesAndOthersKeepTheirs() {
    ObjectId x = object(1);
    ObjectId y = object(2);
    done(gcs.objectTable().addLocation(x, node(0), 100));
    done(gcs.objectTable().addLocation(y, node(1), 200));

    done(gcs.objectTable().forget(List.of(x, object(3))));
    assertThat(done(gcs.objectTable().lookup(x))).as("a forgotten object's entry").isEmpty();
    assertThat(entry(y).locations()).as("an object not forgotten").containsExactly(node(1));
    done(gcs.objectTable().removeLocation(x, node(0)));
    assertThat(done(gcs.objectTable().lookup(x))).as("removing a location does not bring an entry back").isEmpty();
  }

  // --- Task table ---------------------------------------------------------------------------

  @Test
  protected void forgottenTasksLoseTheirRowsAndOthersKeepTheirs() {
    done(gcs.taskTable().add(spec(task(1), 3)));
    done(gcs.taskTable().add(spec(task(2), 3)));

    done(gcs.taskTable().forget(List.of(task(1), task(9))));
    assertThat(done(gcs.taskTable().lookup(task(1)))).as("a forgotten task's row").isEmpty();
    assertThat(done(gcs.taskTable().lookup(task(2)))).as("a task not forgotten").isPresent();
  }

  @Test
  void taskSpecIsKeptAsLineage() {
    TaskSpec first = spec(task(1), 3);
    done(gcs.taskTable().add(first));
    done(gcs.taskTable().add(spec(task(1), 5)));

    TaskEntry e = done(gcs.taskTable().lookup(task(1))).orElseThrow();
    assertThat(e.spec()).as("adding a task id again keeps the first spec").isEqualTo(first);
    assertThat(e.status()).isEqualTo(TaskStatus.SUBMITTED);
    assertThat(e.attempt()).isZero();
    assertThat(done(gcs.taskTable().lookup(task(2)))).isEmpty();
  }

  /**
   * Whether {@code TaskTable.add(spec, status, node)} writes the row once, born at its status (a
   * watcher never sees it {@code SUBMITTED}); the interface's default writes twice, which an
   * implementation may keep.
   */
  protected boolean addsARowAtItsStatusInOneWrite() {
    return false;
  }

  @Test
  void aTaskAddedAtAStatusHasThatRowAndAnExistingRowKeepsItsFirstSpec() {
    TaskSpec first = spec(task(1), 3);
    done(gcs.taskTable().add(first, TaskStatus.SCHEDULED, node(1)));
    TaskEntry e = done(gcs.taskTable().lookup(task(1))).orElseThrow();
    assertThat(e.spec()).as("the spec added with its status").isEqualTo(first);
    assertThat(e.status()).as("the status it was added at").isEqualTo(TaskStatus.SCHEDULED);
    assertThat(e.node()).isEqualTo(node(1));
    assertThat(e.attempt()).as("added SCHEDULED, it was placed once").isEqualTo(1);

    done(gcs.taskTable().add(spec(task(1), 5), TaskStatus.FORWARDED, null));
    e = done(gcs.taskTable().lookup(task(1))).orElseThrow();
    assertThat(e.spec()).as("adding a task id again at a status keeps the first spec").isEqualTo(first);
    assertThat(e.status()).as("and moves the row as an update would").isEqualTo(TaskStatus.FORWARDED);
    assertThat(e.node()).isNull();

    done(gcs.taskTable().add(spec(task(2), 0), TaskStatus.FORWARDED, null));
    assertThat(done(gcs.taskTable().entries(TaskStatus.FORWARDED))).extracting(r -> r.spec().taskId())
        .as("FORWARDED rows, one added at that status").containsExactlyInAnyOrder(task(1), task(2));
  }

  @Test
  void aTaskAddedAtAStatusIsSeenAtItBeforeItsLaterStatus() {
    Recorder<TaskEntry> watcher = new Recorder<>();
    gcs.taskTable().subscribe(task(1), watcher);
    done(gcs.taskTable().add(spec(task(1), 3), TaskStatus.SCHEDULED, node(1)));
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.FINISHED, node(1)));
    List<TaskEntry> seen = watcher.awaitUntil(l -> l.stream().anyMatch(e -> e.status() == TaskStatus.FINISHED));
    List<TaskStatus> statuses = collapseRepeats(seen.stream().map(TaskEntry::status).toList());
    if (addsARowAtItsStatusInOneWrite()) {
      assertThat(statuses).as("statuses a subscriber saw: the row was born SCHEDULED, in one write")
          .containsExactly(TaskStatus.SCHEDULED, TaskStatus.FINISHED);
    } else {
      // The interface's default adds the row, then moves it: a subscriber may see it SUBMITTED first.
      List<TaskStatus> afterAdded = statuses.stream().dropWhile(st -> st == TaskStatus.SUBMITTED).toList();
      assertThat(afterAdded).as("statuses a subscriber saw after the row's SUBMITTED, if any (all: %s)", statuses)
          .containsExactly(TaskStatus.SCHEDULED, TaskStatus.FINISHED);
    }
  }

  @Test
  void taskStatusUpdatesArePublishedInOrder() {
    done(gcs.taskTable().add(spec(task(1), 3)));
    Recorder<TaskEntry> watcher = new Recorder<>();
    gcs.taskTable().subscribe(task(1), watcher);
    List<TaskStatus> path = List.of(TaskStatus.SCHEDULED, TaskStatus.RUNNING, TaskStatus.FAILED,
        TaskStatus.SCHEDULED, TaskStatus.RUNNING, TaskStatus.FINISHED);
    for (TaskStatus s : path) {
      done(gcs.taskTable().updateStatus(task(1), s, s == TaskStatus.FAILED ? null : node(2)));
    }

    List<TaskEntry> seen = watcher.awaitUntil(l -> l.stream().anyMatch(e -> e.status() == TaskStatus.FINISHED));
    List<TaskStatus> expected = new ArrayList<>(List.of(TaskStatus.SUBMITTED));
    expected.addAll(path);
    assertThat(collapseRepeats(seen.stream().map(TaskEntry::status).toList()))
        .as("statuses a subscriber saw, in order").isEqualTo(expected);
    assertThat(last(seen).attempt()).as("attempts after a failed run and a retry").isEqualTo(2);
    assertThat(last(seen).node()).isEqualTo(node(2));
  }

  @Test
  void restartedSchedulerFindsTasksByStatus() {
    for (int i = 1; i <= 4; i++) {
      done(gcs.taskTable().add(spec(task(i), 0)));
    }
    done(gcs.taskTable().updateStatus(task(2), TaskStatus.FORWARDED, null));
    done(gcs.taskTable().updateStatus(task(3), TaskStatus.SCHEDULED, node(1)));
    done(gcs.taskTable().updateStatus(task(4), TaskStatus.SCHEDULED, node(2)));
    done(gcs.taskTable().updateStatus(task(4), TaskStatus.FINISHED, node(2)));

    assertThat(tasksWith(TaskStatus.SUBMITTED)).as("SUBMITTED rows").containsExactly(task(1));
    assertThat(tasksWith(TaskStatus.FORWARDED)).as("FORWARDED rows").containsExactly(task(2));
    assertThat(done(gcs.taskTable().entries(TaskStatus.SCHEDULED))).as("SCHEDULED rows, with their node")
        .extracting(TaskEntry::node).containsExactly(node(1));
    assertThat(tasksWith(TaskStatus.FINISHED)).containsExactly(task(4));
    assertThat(tasksWith(TaskStatus.FAILED)).as("a status no row has").isEmpty();

    // A write this client made and did not wait for is in the answer: a scheduler that forwards
    // a task and restarts at once must still find it.
    gcs.taskTable().updateStatus(task(3), TaskStatus.FORWARDED, null);
    assertThat(tasksWith(TaskStatus.FORWARDED)).as("FORWARDED rows after a write not awaited")
        .containsExactlyInAnyOrder(task(2), task(3));
    assertThat(tasksWith(TaskStatus.SCHEDULED)).as("the row left SCHEDULED").isEmpty();
  }

  @Test
  protected void aRetryIsSpentInTheTasksRowWithinItsBudget() {
    done(gcs.taskTable().add(spec(task(1), 2)));
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.SCHEDULED, node(1)));
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.RUNNING, node(1)));

    assertThat(done(gcs.taskTable().retry(task(1), 2))).as("the first retry of 2").isTrue();
    TaskEntry first = done(gcs.taskTable().lookup(task(1))).orElseThrow();
    assertThat(first.status()).as("a retried task is on its way to a global scheduler").isEqualTo(TaskStatus.FORWARDED);
    assertThat(first.node()).isNull();
    assertThat(first.retries()).isEqualTo(1);
    assertThat(first.attempt()).as("attempts: a retry is not a placement").isEqualTo(1);

    done(gcs.taskTable().updateStatus(task(1), TaskStatus.SCHEDULED, node(2)));
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.FINISHED, node(2)));
    assertThat(done(gcs.taskTable().lookup(task(1))).orElseThrow().retries()).as("retries after status updates")
        .isEqualTo(1);
    assertThat(done(gcs.taskTable().retry(task(1), 2))).as("the second retry of 2").isTrue();
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.SCHEDULED, node(3)));

    assertThat(done(gcs.taskTable().retry(task(1), 2))).as("a third retry of 2").isFalse();
    TaskEntry refused = done(gcs.taskTable().lookup(task(1))).orElseThrow();
    assertThat(refused.status()).as("a refused retry changes nothing: status").isEqualTo(TaskStatus.SCHEDULED);
    assertThat(refused.node()).isEqualTo(node(3));
    assertThat(refused.retries()).as("retries spent").isEqualTo(2);
    assertThat(refused.attempt()).isEqualTo(3);
    failsNamingTheUnknownTask(gcs.taskTable().retry(task(9), 1), task(9));
  }

  @Test
  protected void retriesAskedForAtOnceByTwoClientsSpendEachRetryOnce() throws Exception {
    int budget = 3;
    int askers = 8;
    done(gcs.taskTable().add(spec(task(1), budget)));
    try (Gcs other = openAnotherClient()) {
      AtomicInteger granted = new AtomicInteger();
      runConcurrently(askers, i -> {
        Gcs client = i % 2 == 0 ? gcs : other;
        if (done(client.taskTable().retry(task(1), budget))) {
          granted.incrementAndGet();
        }
      });

      assertThat(granted.get()).as("retries granted to %d askers on two clients, %d allowed", askers, budget)
          .isEqualTo(budget);
      for (Gcs client : List.of(gcs, other)) {
        eventually().untilAsserted(() -> assertThat(done(client.taskTable().lookup(task(1))).orElseThrow().retries())
            .as("retries spent, as each client reads the row").isEqualTo(budget));
      }
    }
  }

  @Test
  protected void aClientOpenedLaterSeesTheRetriesSpentBeforeIt() {
    done(gcs.taskTable().add(spec(task(1), 5)));
    done(gcs.taskTable().retry(task(1), 5));
    done(gcs.taskTable().retry(task(1), 5));
    done(gcs.taskTable().updateStatus(task(1), TaskStatus.RUNNING, node(1)));

    try (Gcs later = openAnotherClient()) {
      eventually().untilAsserted(() -> {
        TaskEntry e = done(later.taskTable().lookup(task(1))).orElseThrow();
        assertThat(e.retries()).as("retries a client opened later reads").isEqualTo(2);
        assertThat(e.status()).isEqualTo(TaskStatus.RUNNING);
      });
      assertThat(done(later.taskTable().retry(task(1), 3))).as("the third retry of 3, by the later client").isTrue();
      assertThat(done(later.taskTable().retry(task(1), 3))).as("a fourth retry of 3").isFalse();
    }
    eventually().untilAsserted(() -> assertThat(done(gcs.taskTable().lookup(task(1))).orElseThrow().retries())
        .as("retries the first client reads after the later one spent one").isEqualTo(3));
  }

  private List<TaskId> tasksWith(TaskStatus status) {
    return done(gcs.taskTable().entries(status)).stream().map(e -> e.spec().taskId()).toList();
  }

  @Test
  void unknownTaskStatusUpdateFails() {
    failsNamingTheUnknownTask(gcs.taskTable().updateStatus(task(9), TaskStatus.RUNNING, node(0)), task(9));
  }

  private static void failsNamingTheUnknownTask(CompletableFuture<?> call, TaskId unknown) {
    assertThat(call).as("a call about task %s, never added", unknown)
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalArgumentException.class)
        .withMessageContaining(unknown.toString());
  }

  // --- Actor table --------------------------------------------------------------------------

  @Test
  protected void actorsAreFoundByTheJobThatCreatedThem() {
    done(gcs.actorTable().put(actorEntry(actor(1), null, ActorState.PENDING)));
    done(gcs.actorTable().put(actorEntry(actor(2), null, ActorState.ALIVE)));
    done(gcs.actorTable().put(actorEntry(actor(2), null, ActorState.DEAD))); // its state changes, its job does not
    assertThat(done(gcs.actorTable().ofJob(JOB))).as("the actors of job %s", JOB)
        .containsExactlyInAnyOrder(actor(1), actor(2));
    assertThat(done(gcs.actorTable().ofJob(new JobId(7)))).as("a job that created none").isEmpty();
  }

  @Test
  protected void actorNamesAreUnique() {
    ActorId a = actor(1);
    ActorId b = actor(2);
    done(gcs.actorTable().put(actorEntry(a, "counter", ActorState.PENDING)));

    assertThat(gcs.actorTable().put(actorEntry(b, "counter", ActorState.PENDING)))
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalArgumentException.class)
        .withMessageContaining("'counter'")
        .withMessageContaining(a.toString());
    assertThat(done(gcs.actorTable().lookup(b))).as("the refused actor was not stored").isEmpty();

    done(gcs.actorTable().put(actorEntry(a, "counter", ActorState.ALIVE))); // its own name is fine
    assertThat(done(gcs.actorTable().lookup(a)).orElseThrow().state()).isEqualTo(ActorState.ALIVE);
  }

  @Test
  protected void actorLookupByName() {
    ActorEntry e = actorEntry(actor(1), "counter", ActorState.ALIVE);
    done(gcs.actorTable().put(e));
    done(gcs.actorTable().put(actorEntry(actor(2), null, ActorState.ALIVE)));

    assertThat(done(gcs.actorTable().lookupByName("counter"))).contains(e);
    assertThat(done(gcs.actorTable().lookupByName("nobody"))).isEmpty();
    assertThat(done(gcs.actorTable().lookup(actor(2)))).map(ActorEntry::name).isEmpty();
  }

  @Test
  protected void actorSubscriberSeesStateChanges() {
    ActorEntry e = actorEntry(actor(1), null, ActorState.PENDING);
    Recorder<ActorEntry> watcher = new Recorder<>();
    gcs.actorTable().subscribe(actor(1), watcher);
    done(gcs.actorTable().put(e));
    done(gcs.actorTable().put(e.withState(ActorState.ALIVE, node(1), null)));
    done(gcs.actorTable().put(e.withState(ActorState.DEAD, null, "node-1 died")));

    List<ActorEntry> seen = watcher.awaitUntil(l -> last(l).state() == ActorState.DEAD);
    assertThat(collapseRepeats(seen.stream().map(ActorEntry::state).toList()))
        .containsExactly(ActorState.PENDING, ActorState.ALIVE, ActorState.DEAD);
    assertThat(last(seen).deathCause()).isEqualTo("node-1 died");
  }

  // --- Node table ---------------------------------------------------------------------------

  @Test
  protected void nodeHeartbeatsAreRecorded() {
    for (int i = 0; i < 3; i++) {
      done(gcs.nodeTable().register(nodeInfo(i)));
    }
    List<NodeEntry> joined = done(gcs.nodeTable().all());
    assertThat(joined).extracting(n -> n.info().id()).as("nodes in join order").containsExactly(node(0), node(1), node(2));
    assertThat(joined).allMatch(NodeEntry::alive).allMatch(n -> n.load() == null);
    long registered = joined.get(1).lastHeartbeatMillis();

    NodeLoad load = load(2);
    done(gcs.nodeTable().heartbeat(node(1), load));

    NodeEntry after = nodeEntry(node(1));
    assertThat(after.load()).isEqualTo(load);
    assertThat(after.lastHeartbeatMillis()).as("heartbeat time").isGreaterThanOrEqualTo(registered);
    assertThat(nodeEntry(node(0)).load()).as("another node's load").isNull();
  }

  @Test
  protected void deadNodeHeartbeatIsIgnored() {
    done(gcs.nodeTable().register(nodeInfo(0)));
    done(gcs.nodeTable().heartbeat(node(0), load(4)));
    done(gcs.nodeTable().markDead(node(0)));
    done(gcs.nodeTable().heartbeat(node(0), load(1))); // late, from before it was declared dead

    NodeEntry e = nodeEntry(node(0));
    assertThat(e.alive()).as("a heartbeat brings no dead node back").isFalse();
    assertThat(e.load()).isEqualTo(load(4));
  }

  @Test
  protected void nodeSubscriberSeesEveryNodeThenEveryChange() {
    done(gcs.nodeTable().register(nodeInfo(0)));
    done(gcs.nodeTable().register(nodeInfo(1)));
    Recorder<NodeEntry> watcher = new Recorder<>();
    gcs.nodeTable().subscribe(watcher);
    watcher.awaitUntil(l -> ids(l).containsAll(Set.of(node(0), node(1))));

    done(gcs.nodeTable().register(nodeInfo(2)));
    done(gcs.nodeTable().markDead(node(0)));

    watcher.awaitUntil(l -> ids(l).contains(node(2)) && l.stream().anyMatch(n -> n.info().id().equals(node(0)) && !n.alive()));
  }

  // --- Function table -----------------------------------------------------------------------

  @Test
  protected void functionCodeRoundTrips() {
    byte[] code = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 61};
    done(gcs.functionTable().put(JOB, "com/acme/Job.class", code));
    code[0] = 0; // the caller's array is its own

    assertThat(done(gcs.functionTable().get(JOB, "com/acme/Job.class")))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(0xCA, 0xFE, 0xBA, 0xBE, 0, 61));
    assertThat(done(gcs.functionTable().get(new JobId(2), "com/acme/Job.class"))).as("another job's code").isEmpty();
    assertThat(done(gcs.functionTable().get(JOB, "com/acme/Other.class"))).isEmpty();
  }

  // --- Checkpoint table ---------------------------------------------------------------------

  @Test
  protected void savingACheckpointReplacesTheActorsPreviousOne() {
    ActorId a = actor(1);
    assertThat(done(gcs.checkpointTable().latestCheckpoint(JOB, a))).as("before any checkpoint").isEmpty();
    byte[] first = {1, 2, 3};
    done(gcs.checkpointTable().saveCheckpoint(JOB, a, first));
    first[0] = 9; // the caller's array is its own
    assertThat(done(gcs.checkpointTable().latestCheckpoint(JOB, a)))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));

    done(gcs.checkpointTable().saveCheckpoint(JOB, a, new byte[] {4, 5}));

    assertThat(done(gcs.checkpointTable().latestCheckpoint(JOB, a))).as("the latest checkpoint only")
        .hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5));
    assertThat(done(gcs.checkpointTable().latestCheckpoint(JOB, actor(2)))).as("another actor's").isEmpty();
    assertThat(done(gcs.checkpointTable().latestCheckpoint(new JobId(2), a))).as("another job's").isEmpty();
  }

  @Test
  protected void callLogKeepsEachCallAtItsIndex() {
    ActorId a = actor(1);
    for (int i = 0; i < 5; i++) {
      done(gcs.checkpointTable().logCall(JOB, a, i, task(100 + i)));
    }
    done(gcs.checkpointTable().logCall(JOB, actor(2), 0, task(200)));

    for (int i = 0; i < 5; i++) {
      assertThat(done(gcs.checkpointTable().loggedCall(JOB, a, i))).as("call %d", i).contains(task(100 + i));
    }
    assertThat(done(gcs.checkpointTable().loggedCall(JOB, a, 5))).as("past the end of the log").isEmpty();
    assertThat(done(gcs.checkpointTable().loggedCall(JOB, actor(2), 0))).contains(task(200));
    assertThat(done(gcs.checkpointTable().loggedCall(new JobId(2), a, 0))).as("another job's log").isEmpty();
    done(gcs.checkpointTable().logCall(JOB, a, 2, task(300)));
    assertThat(done(gcs.checkpointTable().loggedCall(JOB, a, 2))).as("a call logged again at its index").contains(task(300));
  }

  // --- Job table ----------------------------------------------------------------------------

  @Test
  protected void jobsAreNumberedInOrderFromOne() {
    JobId first = done(gcs.jobTable().add(jobInfo(0, "com.acme.First")));
    JobId second = done(gcs.jobTable().add(jobInfo(1, null)));

    assertThat(List.of(first, second)).as("the first two jobs of a new cluster").containsExactly(new JobId(1),
        new JobId(2));
    assertThat(second.hex()).as("job 2 as Ray writes it").isEqualTo("02000000");
    JobEntry row = done(gcs.jobTable().lookup(first)).orElseThrow();
    assertThat(row.state()).isEqualTo(JobState.RUNNING);
    assertThat(row.info()).as("the driver's row as it registered").isEqualTo(jobInfo(0, "com.acme.First"));
    assertThat(row.endMillis()).as("no end while it runs").isZero();
    assertThat(done(gcs.jobTable().all())).extracting(JobEntry::id).containsExactly(first, second);
    assertThat(done(gcs.jobTable().lookup(new JobId(3)))).as("a job never registered").isEmpty();
  }

  @Test
  protected void aDriverRegisteringAgainKeepsItsJob() {
    JobId once = done(gcs.jobTable().add(jobInfo(0, "a.Main")));
    JobId again = done(gcs.jobTable().add(jobInfo(0, "a.Main")));

    assertThat(again).as("the same registration, retried").isEqualTo(once);
    assertThat(done(gcs.jobTable().all())).hasSize(1);
  }

  @Test
  protected void driversRegisteringAtOnceGetDistinctConsecutiveIds() throws Exception {
    int drivers = 8;
    Map<JobId, Integer> driverOf = new ConcurrentHashMap<>();
    runConcurrently(drivers, i -> driverOf.put(done(gcs.jobTable().add(jobInfo(i, "a.Main"))), i));

    assertThat(driverOf.keySet()).as("ids of %d drivers registering at once", drivers)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, drivers).mapToObj(JobId::new).toList());
    for (JobEntry row : done(gcs.jobTable().all())) {
      assertThat(row.info().driver()).as("the driver of job %s, as the table keeps it", row.id())
          .isEqualTo(node(driverOf.get(row.id())));
    }
  }

  @Test
  protected void aJobEndsOnceAndKeepsItsFirstEnd() {
    JobId finished = done(gcs.jobTable().add(jobInfo(0, "a.Main")));
    JobId failed = done(gcs.jobTable().add(jobInfo(1, "a.Main")));

    done(gcs.jobTable().end(finished, JobState.FINISHED, 5_000));
    done(gcs.jobTable().end(failed, JobState.FAILED, 6_000));
    done(gcs.jobTable().end(finished, JobState.FAILED, 9_000)); // a late death changes nothing

    JobEntry f = done(gcs.jobTable().lookup(finished)).orElseThrow();
    assertThat(f.state()).as("a job its driver finished, then declared dead").isEqualTo(JobState.FINISHED);
    assertThat(f.endMillis()).isEqualTo(5_000);
    assertThat(f.durationMillis(99_999)).as("ms from its start (1000) to its end").isEqualTo(4_000);
    assertThat(done(gcs.jobTable().lookup(failed)).orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  protected void endingAnUnknownJobFails() {
    assertThat(gcs.jobTable().end(new JobId(42), JobState.FINISHED, 1)).failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class).havingCause()
        .isInstanceOf(IllegalArgumentException.class).withMessageContaining("2a000000");
    JobId running = done(gcs.jobTable().add(jobInfo(0, "a.Main")));
    assertThat(gcs.jobTable().end(running, JobState.RUNNING, 1)).failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class).havingCause()
        .isInstanceOf(IllegalArgumentException.class).withMessageContaining("RUNNING");
    assertThat(done(gcs.jobTable().lookup(running)).orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }

  // --- Subscription rules -------------------------------------------------------------------

  @Test
  void throwingListenerDoesNotStopOthers() {
    AtomicInteger calls = new AtomicInteger();
    Recorder<ObjectEntry> good = new Recorder<>();
    gcs.objectTable().subscribe(object(1), e -> {
      calls.incrementAndGet();
      throw new IllegalStateException("a buggy listener (expected in this test)");
    });
    gcs.objectTable().subscribe(object(1), good);

    done(gcs.objectTable().addLocation(object(1), node(0), 8));
    done(gcs.objectTable().addLocation(object(1), node(1), 8));

    good.awaitUntil(l -> last(l).locations().size() == 2);
    eventually().untilAsserted(() -> assertThat(calls.get())
        .as("the throwing listener stays subscribed").isGreaterThanOrEqualTo(2));
  }

  @Test
  void listenerRunsOffTheWritersThreadAndMayWriteBack() {
    Thread writer = Thread.currentThread();
    List<Thread> listenerThreads = new CopyOnWriteArrayList<>();
    // On the first copy, the listener itself records a second: it must neither deadlock nor block the writer.
    gcs.objectTable().subscribe(object(1), e -> {
      listenerThreads.add(Thread.currentThread());
      if (e.locations().size() == 1) {
        gcs.objectTable().addLocation(object(1), node(9), 8).join();
      }
    });
    done(gcs.objectTable().addLocation(object(1), node(0), 8));

    eventually().untilAsserted(() -> assertThat(entry(object(1)).locations()).contains(node(9)));
    assertThat(listenerThreads).as("threads listeners ran on").isNotEmpty().doesNotContain(writer);
  }

  @Test
  void closedGcsRefusesCalls() {
    gcs.close();
    assertThat(gcs.objectTable().lookup(object(1)))
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("GCS is closed");
    assertThat(gcs.nodeTable().register(nodeInfo(0))).isCompletedExceptionally();
    gcs.close(); // twice is harmless
  }

  // --- Concurrency --------------------------------------------------------------------------

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    int writers = 8;
    int copiesEach = 50;
    ObjectId x = object(1);
    runConcurrently(writers, w -> {
      for (int i = 0; i < copiesEach; i++) {
        done(gcs.objectTable().addLocation(x, new NodeId("w" + w + "-n" + i), 8));
        done(gcs.objectTable().addLocation(object(100 + i), new NodeId("w" + w), 8));
      }
    });

    assertThat(entry(x).locations()).as("copies recorded by %d concurrent writers", writers)
        .hasSize(writers * copiesEach);
    for (int i = 0; i < copiesEach; i++) {
      assertThat(entry(object(100 + i)).locations()).hasSize(writers);
    }
  }

  @Test
  void perKeyOrderHoldsUnderConcurrency() throws Exception {
    int keys = 8;
    int steps = 40;
    List<Recorder<ObjectEntry>> watchers = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      Recorder<ObjectEntry> r = new Recorder<>();
      gcs.objectTable().subscribe(object(k + 1), r);
      watchers.add(r);
    }
    // One writer per key, all at once; each adds copies node-0, node-1, ... to its own object.
    runConcurrently(keys, k -> {
      for (int i = 0; i < steps; i++) {
        done(gcs.objectTable().addLocation(object(k + 1), node(i), 8));
      }
    });

    for (int k = 0; k < keys; k++) {
      List<ObjectEntry> seen = watchers.get(k).awaitUntil(l -> l.stream().anyMatch(e -> e.locations().size() == steps));
      List<Integer> sizes = collapseRepeats(seen.stream().map(e -> e.locations().size()).toList());
      assertThat(sizes).as("sizes of object %d's entry as its subscriber saw them", k + 1)
          .isEqualTo(IntStream.rangeClosed(1, steps).boxed().toList());
      for (ObjectEntry e : seen) {
        assertThat(e.locations()).as("each entry seen is a prefix of the writes")
            .isEqualTo(IntStream.range(0, e.locations().size()).mapToObj(GcsContractTest::node).collect(Collectors.toSet()));
      }
    }
  }

  // --- Helpers ------------------------------------------------------------------------------

  protected static TaskId task(int i) {
    return TaskId.forChild(DRIVER, i);
  }

  protected static ObjectId object(int i) {
    return task(i).returnId(1);
  }

  protected static NodeId node(int i) {
    return new NodeId("node-" + i);
  }

  protected static ActorId actor(int i) {
    return new ActorId(task(1000 + i));
  }

  protected static TaskSpec spec(TaskId id, int maxRetries) {
    return new TaskSpec(id, JOB, DRIVER, TaskKind.NORMAL,
        new FunctionDescriptor("a.B", "f", "()I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.of("CPU", 1), null, new NodeId("node-0"), null, null, 0, maxRetries, 0);
  }

  protected static ActorEntry actorEntry(ActorId id, String name, ActorState state) {
    TaskSpec creation = new TaskSpec(id.creationTask(), JOB, DRIVER, TaskKind.ACTOR_CREATION,
        new FunctionDescriptor("a.Counter", "<init>", "()V", FunctionDescriptor.Kind.CONSTRUCTOR), List.of(),
        ResourceSet.of("CPU", 1), null, node(0), id, null, 0, 0, 1);
    return new ActorEntry(id, name, creation, state, state == ActorState.ALIVE ? node(0) : null, 0, null);
  }

  protected static NodeInfo nodeInfo(int i) {
    return new NodeInfo(node(i), "localhost:" + (7000 + i), ResourceSet.of("CPU", 4));
  }

  /** The registration of a driver on node {@code i}, started at 1000 ms past the epoch. */
  protected static JobInfo jobInfo(int i, String entryPoint) {
    return new JobInfo(node(i), "host-" + i, 4000 + i, entryPoint, 1_000);
  }

  protected static NodeLoad load(int freeCpus) {
    return new NodeLoad(ResourceSet.of("CPU", freeCpus), 4 - freeCpus, 12.5, 1000, 3, 4096);
  }

  protected ObjectEntry entry(ObjectId id) {
    Optional<ObjectEntry> e = done(gcs.objectTable().lookup(id));
    assertThat(e).as("object table entry of %s", id).isPresent();
    return e.get();
  }

  protected NodeEntry nodeEntry(NodeId id) {
    return done(gcs.nodeTable().all()).stream().filter(n -> n.info().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("node " + id + " is not in the node table"));
  }

  /** The future's value; a future that fails or takes more than the test's patience fails the test. */
  public static <T> T done(CompletableFuture<T> f) {
    try {
      return f.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("a GCS call failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("a GCS call did not complete within " + PATIENCE + ": " + e, e);
    }
  }

  protected static ConditionFactory eventually() {
    return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5));
  }

  /** Runs {@code body(i)} for i in 0..n-1 on n threads released together; rethrows the first failure. */
  protected static void runConcurrently(int n, Consumer<Integer> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        running.add(pool.submit(() -> {
          start.await();
          body.accept(id);
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : running) {
        f.get(PATIENCE.toMillis() * 3, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Drops consecutive repeats: the contract delivers each change at least once. */
  protected static <T> List<T> collapseRepeats(List<T> values) {
    List<T> out = new ArrayList<>();
    for (T v : values) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static Set<NodeId> ids(List<NodeEntry> nodes) {
    return nodes.stream().map(n -> n.info().id()).collect(Collectors.toSet());
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  /** A listener that keeps everything it is told, for tests to await. */
  public static final class Recorder<T> implements Consumer<T> {
    private final List<T> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(T value) {
      seen.add(value);
    }

    public int size() {
      return seen.size();
    }

    public List<T> snapshot() {
      return List.copyOf(seen);
    }

    public List<T> awaitAtLeast(int n) {
      return awaitUntil(l -> l.size() >= n);
    }

    /** Waits until the notifications so far satisfy {@code done} (never called on an empty list). */
    public List<T> awaitUntil(java.util.function.Predicate<List<T>> done) {
      eventually().until(() -> {
        List<T> now = snapshot();
        return !now.isEmpty() && done.test(now);
      });
      return snapshot();
    }
  }
}
