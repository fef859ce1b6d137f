package org.miniray.scheduler.global;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsContractTest;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.memory.InMemoryGcs;
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
import org.miniray.task.TaskStatus;
import org.miniray.transport.InJvmTransport;
import org.miniray.transport.NodeService;
import org.miniray.transport.Transport;

/**
 * The rules of {@link GlobalScheduler} that every implementation keeps: a task goes to a node
 * that can run it; a task no live node can run waits for one that can to join, and fails as
 * {@code INFEASIBLE} (told to its owner) when none does in time; {@code stop} hands back what was
 * accepted and not yet placed. The nodes are an in-memory GCS's node table and services bound on
 * an in-JVM transport. One subclass per implementation.
 */
public abstract class GlobalSchedulerContractTest {
  private static final FunctionDescriptor F = new FunctionDescriptor("a.B", "f", "()V", FunctionDescriptor.Kind.STATIC);
  private static final NodeId CPU_NODE = new NodeId("cpu-node");
  private static final NodeId GPU_NODE = new NodeId("gpu-node");
  private static final long NEVER = 600_000;

  private final Gcs gcs = new InMemoryGcs(4, Clock.SYSTEM);
  private final InJvmTransport transport = new InJvmTransport();
  private final Map<NodeId, RecordingNode> nodes = new java.util.concurrent.ConcurrentHashMap<>();
  private GlobalScheduler scheduler;

  /** A scheduler over these nodes that fails a task no node can run after {@code infeasibleTimeoutMs}. */
  protected abstract GlobalScheduler createScheduler(Gcs gcs, Transport transport, long infeasibleTimeoutMs);

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    transport.close();
    gcs.close();
  }

  @Test
  void aTaskGoesToANodeThatCanRunIt() {
    join(CPU_NODE, ResourceSet.of("CPU", 4));
    join(GPU_NODE, ResourceSet.of(Map.of("CPU", 4.0, "GPU", 1.0)));
    scheduler = createScheduler(gcs, transport, NEVER);
    awaitNodesKnown();

    scheduler.schedule(task(1, ResourceSet.of("GPU", 1)));
    for (int i = 2; i <= 11; i++) {
      scheduler.schedule(task(i, ResourceSet.of("CPU", 1)));
    }

    eventually().until(() -> placed().size() == 11);
    assertThat(nodes.get(GPU_NODE).placed).as("the only node with a GPU got the GPU task")
        .contains(new TaskId(1));
    assertThat(nodes.get(CPU_NODE).placed).as("the CPU-only node").doesNotContain(new TaskId(1));
    assertThat(placed()).as("every task placed once").doesNotHaveDuplicates();
  }

  @Test
  void aTaskNoNodeCanRunWaitsForOneThatCanToJoin() {
    join(CPU_NODE, ResourceSet.of("CPU", 4));
    scheduler = createScheduler(gcs, transport, NEVER);
    awaitNodesKnown();
    scheduler.schedule(task(1, ResourceSet.of("GPU", 1)));

    join(GPU_NODE, ResourceSet.of(Map.of("CPU", 4.0, "GPU", 1.0)));

    eventually().until(() -> nodes.get(GPU_NODE).placed.contains(new TaskId(1)));
    assertThat(nodes.get(CPU_NODE).placed).isEmpty();
    assertThat(nodes.get(CPU_NODE).failed).as("tasks failed while a node could still join").isEmpty();
  }

  @Test
  void aTaskNoNodeJoinsForFailsAsInfeasibleAtItsOwner() {
    join(CPU_NODE, ResourceSet.of("CPU", 4));
    scheduler = createScheduler(gcs, transport, 100);
    awaitNodesKnown();

    scheduler.schedule(task(1, ResourceSet.of("GPU", 1)));

    eventually().until(() -> !nodes.get(CPU_NODE).failed.isEmpty());
    assertThat(nodes.get(CPU_NODE).failed).as("errors the owner was told of").singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(TaskError.Kind.INFEASIBLE));
    assertThat(placed()).isEmpty();
  }

  /** Whether {@code scheduleNew} adds the row with the status it accepts a task at, in one write (not the default's two). */
  protected boolean addsTheRowAsItAccepts() {
    return false;
  }

  @Test
  void aTaskScheduledWithoutItsRowHasItAddedBeforeItIsPlaced() {
    join(CPU_NODE, ResourceSet.of("CPU", 4));
    scheduler = createScheduler(gcs, transport, NEVER);
    awaitNodesKnown();
    TaskSpec spec = task(1, ResourceSet.of("CPU", 1));
    GcsContractTest.Recorder<TaskEntry> watcher = new GcsContractTest.Recorder<>();
    gcs.taskTable().subscribe(spec.taskId(), watcher);

    scheduler.scheduleNew(spec, gcs.taskTable());

    eventually().until(() -> placed().contains(spec.taskId()));
    assertThat(nodes.get(CPU_NODE).rowWhenPlaced.get(spec.taskId()))
        .as("the task's row (its lineage) was in the task table when its node got it").isTrue();
    List<TaskEntry> seen = watcher.awaitUntil(l -> l.stream().anyMatch(e -> e.status() == TaskStatus.SCHEDULED));
    assertThat(seen.get(0).spec()).as("the row's spec").isEqualTo(spec);
    if (addsTheRowAsItAccepts()) {
      assertThat(seen.stream().map(TaskEntry::status).distinct().toList())
          .as("statuses a subscriber saw: the row was born FORWARDED, one write, then placed")
          .containsExactly(TaskStatus.FORWARDED, TaskStatus.SCHEDULED);
    }
  }

  @Test
  void stopLosesNothingItAccepted() {
    join(CPU_NODE, ResourceSet.of("CPU", 4));
    scheduler = createScheduler(gcs, transport, NEVER);
    awaitNodesKnown();
    TaskSpec waiting = task(1, ResourceSet.of("GPU", 1));
    scheduler.schedule(waiting);

    List<TaskSpec> left = scheduler.stop();
    // A node that can run it joins after the stop: a task handed back must not be placed as well,
    // and one that was not handed back must still reach a node (it was on its way).
    join(GPU_NODE, ResourceSet.of(Map.of("CPU", 4.0, "GPU", 1.0)));

    if (left.isEmpty()) {
      eventually().until(() -> placed().contains(waiting.taskId()));
      assertThat(placed()).as("placed once").containsOnlyOnce(waiting.taskId());
    } else {
      assertThat(left).as("tasks accepted and not placed").extracting(TaskSpec::taskId)
          .containsExactly(waiting.taskId());
      assertThat(placed()).as("a task handed back is not placed too").isEmpty();
    }
  }

  private void join(NodeId id, ResourceSet total) {
    RecordingNode n = new RecordingNode(task -> gcs.taskTable().lookup(task).join().isPresent());
    nodes.put(id, n);
    transport.bind(id, n);
    gcs.nodeTable().register(new NodeInfo(id, "localhost:0", total)).join();
  }

  // The scheduler learns of nodes through its subscription: a task scheduled before would wait.
  private void awaitNodesKnown() {
    TaskSpec probe = task(999, ResourceSet.of("CPU", 1));
    scheduler.schedule(probe);
    eventually().until(() -> placed().contains(probe.taskId()));
    nodes.values().forEach(n -> n.placed.remove(probe.taskId()));
  }

  private List<TaskId> placed() {
    List<TaskId> all = new ArrayList<>();
    nodes.values().forEach(n -> all.addAll(n.placed));
    return all;
  }

  private static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(10));
  }

  private static TaskSpec task(long i, ResourceSet demand) {
    return new TaskSpec(new TaskId(i), new JobId(1), TaskId.forDriver(new JobId(1)), TaskKind.NORMAL, F, List.of(),
        demand, "t" + i, CPU_NODE, null, null, 0, 0, 0);
  }

  /** A node that records what the scheduler sends it. */
  private static final class RecordingNode implements NodeService {
    final List<TaskId> placed = Collections.synchronizedList(new ArrayList<>());
    final Map<TaskId, Boolean> rowWhenPlaced = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.Predicate<TaskId> hasRow;

    RecordingNode(java.util.function.Predicate<TaskId> hasRow) {
      this.hasRow = hasRow;
    }
    final List<TaskError> failed = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void placeTask(TaskSpec spec) {
      rowWhenPlaced.put(spec.taskId(), hasRow.test(spec.taskId()));
      placed.add(spec.taskId());
    }

    @Override
    public void submitActorTask(TaskSpec spec) {}

    @Override
    public CompletableFuture<SerializedObject> fetchObject(ObjectId id) {
      return CompletableFuture.failedFuture(new java.util.NoSuchElementException(id.toString()));
    }

    @Override
    public void pushObject(ObjectId id, SerializedObject object) {}

    @Override
    public void killActor(ActorId actor, String reason) {}

    @Override
    public void failTask(TaskSpec spec, TaskError error) {
      failed.add(error);
    }

    @Override
    public void freeObjects(List<ObjectId> ids) {}

    @Override
    public void releaseObjects(List<ObjectId> ids) {}
  }
}
