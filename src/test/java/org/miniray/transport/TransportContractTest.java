package org.miniray.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.SerializedObject;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * The rules of {@link Transport} and {@link NodeService} that every transport keeps, whatever
 * carries the messages: a bound node's service is reached by its id, an actor's calls from one
 * caller arrive in the order sent, an object is fetched as its holder has it (or fails with
 * {@link NoSuchElementException}), and a node that is not bound, or no longer, cannot be reached.
 * One subclass per transport supplies a {@link Fixture}: where nodes are bound, and where they
 * are called from (for a network transport, another process's transport in effect).
 */
public abstract class TransportContractTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final NodeId HOST = new NodeId("host");
  private static final ActorId ACTOR = new ActorId(new TaskId(99));
  private static final FunctionDescriptor F = new FunctionDescriptor("a.B", "f", "()V", FunctionDescriptor.Kind.STATIC);

  /** Where services are bound and where they are called from; closing closes both. */
  protected interface Fixture extends AutoCloseable {
    Transport hosting();

    Transport calling();

    @Override
    void close();
  }

  /** A new fixture; the test closes it. */
  protected abstract Fixture createFixture();

  private Fixture fixture;
  private final Host host = new Host();

  @BeforeEach
  void open() {
    fixture = createFixture();
    fixture.hosting().bind(HOST, host);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aBoundNodeIsReachedByItsId() {
    NodeService stub = fixture.calling().connect(HOST);
    stub.placeTask(task(1));
    stub.failTask(task(2), TaskError.system(TaskError.Kind.INFEASIBLE, "t2", "host", "no node can run it"));

    Awaitility.await().atMost(PATIENCE).until(() -> host.placed.size() == 1 && host.failed.size() == 1);
    assertThat(host.placed).as("tasks placed on the host").containsExactly(task(1).taskId());
    assertThat(host.failed).as("tasks failed on the host").containsExactly(task(2).taskId());
  }

  @Test
  void actorCallsFromOneCallerArriveInTheOrderSent() {
    NodeService stub = fixture.calling().connect(HOST);
    int n = 200;
    List<Long> sent = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      stub.submitActorTask(call(i));
      sent.add(i);
    }
    Awaitility.await().atMost(PATIENCE).until(() -> host.calls.size() == n);
    assertThat(host.calls).as("sequence numbers as the actor's node got them").isEqualTo(sent);
  }

  @Test
  void anObjectIsFetchedAsItsHolderHasIt() throws Exception {
    ObjectId x = new ObjectId(task(1).taskId(), 1);
    host.objects.put(x, new SerializedObject(SerializedObject.RAW_BYTES, new byte[] {1, 2, 3, 4}));

    SerializedObject got = fixture.calling().connect(HOST).fetchObject(x).get();

    assertThat(got.encoding()).isEqualTo(SerializedObject.RAW_BYTES);
    assertThat(got.bytes()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void droppingAnActorAnswersWhetherItLivedThere() throws Exception {
    host.hosted.add(ACTOR);
    assertThat(fixture.calling().connect(HOST).dropActor(ACTOR).get()).as("first drop").isTrue();
    assertThat(fixture.calling().connect(HOST).dropActor(ACTOR).get()).as("second drop").isFalse();
  }

  @Test
  void fetchingAnObjectTheHolderLacksFailsWithNoSuchElement() {
    ObjectId missing = new ObjectId(task(7).taskId(), 1);
    assertThat(fixture.calling().connect(HOST).fetchObject(missing))
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .havingRootCause()
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aJobsEndReachesTheNodeWithItsCause() {
    fixture.calling().connect(HOST).endJob(new JobId(3), "its driver died");
    Awaitility.await().atMost(PATIENCE).until(() -> host.ended.size() == 1);
    assertThat(host.ended).containsExactly("03000000: its driver died");
  }

  @Test
  void aNodeListsItsCopiesAndTheCallSitesOfWhatItOwns() throws Exception {
    ObjectId held = new ObjectId(task(1).taskId(), 1);
    ObjectId owned = new ObjectId(task(2).taskId(), -1);
    host.listing = new NodeObjects(HOST, List.of(new NodeObjects.Copy(held, 1234, true, true)),
        Map.of(owned, "Main.java:7 (Main.main)"));

    NodeObjects got = fixture.calling().connect(HOST).listObjects().get(PATIENCE.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);

    assertThat(got.node()).isEqualTo(HOST);
    assertThat(got.copies()).containsExactly(new NodeObjects.Copy(held, 1234, true, true));
    assertThat(got.callSites()).containsExactly(Map.entry(owned, "Main.java:7 (Main.main)"));
  }

  @Test
  void aNodeThatIsNotBoundCannotBeReached() {
    assertThatThrownBy(() -> fixture.calling().connect(new NodeId("nowhere")).placeTask(task(1)))
        .as("a call to a node nobody bound")
        .isInstanceOf(NodeUnreachableException.class);
  }

  @Test
  void anUnboundNodeCannotBeReachedAnyMore() {
    ObjectId x = new ObjectId(task(1).taskId(), 1);
    host.objects.put(x, new SerializedObject((byte) 0, new byte[] {9}));
    fixture.hosting().unbind(HOST);

    Throwable failure;
    try {
      failure = fixture.calling().connect(HOST).fetchObject(x)
          .handle((ok, error) -> error).get(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (NodeUnreachableException thrownAtOnce) {
      failure = thrownAtOnce;
    } catch (Exception e) {
      throw new AssertionError("fetching from an unbound node neither failed nor answered", e);
    }
    assertThat(failure).as("a fetch from a node after it was unbound fails").isNotNull();
    assertThat(host.fetches).as("fetches the unbound service answered").isZero();
  }

  private static TaskSpec task(long i) {
    return new TaskSpec(new TaskId(100 + i), new JobId(1), new TaskId(1), TaskKind.NORMAL, F, List.of(),
        ResourceSet.EMPTY, "t" + i, new NodeId("caller"), null, null, 0, 0, 0);
  }

  private static TaskSpec call(long seq) {
    return new TaskSpec(new TaskId(1000 + seq), new JobId(1), new TaskId(1), TaskKind.ACTOR_METHOD, F, List.of(),
        ResourceSet.EMPTY, "c#" + seq, new NodeId("caller"), ACTOR, new TaskId(1), seq, 0, 0);
  }

  /** The bound node: records what reaches it and serves the objects a test puts in it. */
  private static final class Host implements NodeService {
    final List<TaskId> placed = Collections.synchronizedList(new ArrayList<>());
    final List<TaskId> failed = Collections.synchronizedList(new ArrayList<>());
    final List<Long> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<ObjectId, SerializedObject> objects = new ConcurrentHashMap<>();
    final List<String> ended = Collections.synchronizedList(new ArrayList<>());
    volatile NodeObjects listing;
    volatile int fetches;

    @Override
    public void endJob(JobId job, String cause) {
      ended.add(job.hex() + ": " + cause);
    }

    @Override
    public CompletableFuture<NodeObjects> listObjects() {
      return CompletableFuture.completedFuture(listing);
    }

    @Override
    public void placeTask(TaskSpec spec) {
      placed.add(spec.taskId());
    }

    @Override
    public void submitActorTask(TaskSpec spec) {
      calls.add(spec.sequenceNumber());
    }

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
      fetches++;
      SerializedObject o = objects.get(id);
      return o != null ? CompletableFuture.completedFuture(o)
          : CompletableFuture.failedFuture(new NoSuchElementException("object " + id + " is not here"));
    }

    @Override
    public void pushObject(ObjectId id, SerializedObject object) {
      objects.put(id, object);
    }

    final java.util.Set<ActorId> hosted = ConcurrentHashMap.newKeySet();

    @Override
    public void killActor(ActorId actor, String reason) {}

    @Override
    public CompletableFuture<Boolean> dropActor(ActorId actor) {
      return CompletableFuture.completedFuture(hosted.remove(actor));
    }

    @Override
    public void failTask(TaskSpec spec, TaskError error) {
      failed.add(spec.taskId());
    }

    @Override
    public void freeObjects(List<ObjectId> ids) {
      ids.forEach(objects::remove);
    }

    @Override
    public void releaseObjects(List<ObjectId> ids) {
      ids.forEach(objects::remove);
    }
  }
}
