package org.miniray.scheduler.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.miniray.events.EventRecorder;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/** The local scheduler alone, with its inputs, workers and global scheduler replaced by recorders. */
class BottomUpLocalSchedulerTest {
  private static final FunctionDescriptor F =
      new FunctionDescriptor("a.B", "f", "()V", FunctionDescriptor.Kind.STATIC);
  private static long next = 1;

  private final List<TaskSpec> forwarded = new ArrayList<>();
  private final List<TaskSpec> started = new ArrayList<>();
  private final Map<TaskId, Runnable> finish = new HashMap<>();
  private final Map<TaskId, CompletableFuture<Void>> inputs = new HashMap<>();

  private final GlobalScheduler global = new GlobalScheduler() {
    @Override
    public void schedule(TaskSpec spec) {
      forwarded.add(spec);
    }

    @Override
    public List<TaskSpec> stop() {
      return List.of();
    }
  };

  private BottomUpLocalScheduler scheduler(String resources, int threshold) {
    return new BottomUpLocalScheduler(new LocalSchedulers.Parts(ResourceSet.parse(resources),
        spec -> inputs.computeIfAbsent(spec.taskId(), t -> CompletableFuture.completedFuture(null)),
        (spec, done) -> {
          started.add(spec);
          finish.put(spec.taskId(), done);
        },
        global, System::nanoTime, EventRecorder.OFF), threshold);
  }

  private static TaskSpec task(String resources) {
    return new TaskSpec(new TaskId(next++), new JobId(1), new TaskId(0), TaskKind.NORMAL, F, List.of(),
        ResourceSet.parse(resources), null, new NodeId("node-0"), null, null, 0, 3, 0);
  }

  @Test
  void taskRunsLocallyWhenTheNodeHasTheResources() {
    BottomUpLocalScheduler s = scheduler("CPU=2", 4);
    TaskSpec t = task("CPU=1");
    s.submit(t);
    assertThat(started).containsExactly(t);
    assertThat(forwarded).isEmpty();
    assertThat(s.available()).isEqualTo(ResourceSet.parse("CPU=1"));
  }

  @Test
  void taskNeedingResourcesTheNodeLacksIsForwarded() {
    BottomUpLocalScheduler s = scheduler("CPU=2", 4);
    TaskSpec t = task("CPU=1,GPU=1");
    s.submit(t);
    assertThat(forwarded).containsExactly(t);
    assertThat(started).isEmpty();
    assertThat(s.forwardingStats()).isEqualTo(new ForwardingStats(0, 1));
  }

  @Test
  void tasksBeyondTheQueueThresholdAreForwarded() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 2);
    List<TaskSpec> ts = List.of(task("CPU=1"), task("CPU=1"), task("CPU=1"), task("CPU=1"), task("CPU=1"));
    ts.forEach(s::submit);
    // One runs, then the queue holds 0, 1, 2 waiting: the threshold (2) is exceeded from the fifth on.
    assertThat(started).containsExactly(ts.get(0));
    assertThat(s.queueLength()).isEqualTo(3);
    assertThat(forwarded).containsExactly(ts.get(4));
    assertThat(s.forwardingStats()).isEqualTo(new ForwardingStats(1, 0));
  }

  @Test
  void placedTaskRunsHereEvenOverTheThreshold() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 0);
    TaskSpec first = task("CPU=1");
    TaskSpec placed = task("CPU=1");
    s.place(first);
    s.place(placed);
    assertThat(forwarded).isEmpty();
    assertThat(started).containsExactly(first);
    finish.get(first.taskId()).run();
    assertThat(started).containsExactly(first, placed);
  }

  @Test
  void taskWaitsForItsInputsBeforeTakingResources() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 4);
    TaskSpec t = task("CPU=1");
    CompletableFuture<Void> arrived = new CompletableFuture<>();
    inputs.put(t.taskId(), arrived);
    s.submit(t);
    assertThat(started).isEmpty();
    assertThat(s.available()).isEqualTo(ResourceSet.parse("CPU=1"));
    arrived.complete(null);
    assertThat(started).containsExactly(t);
  }

  @Test
  void finishedTaskGivesItsResourcesToTheNext() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 4);
    TaskSpec a = task("CPU=1");
    TaskSpec b = task("CPU=1");
    s.submit(a);
    s.submit(b);
    assertThat(started).containsExactly(a);
    finish.get(a.taskId()).run();
    assertThat(started).containsExactly(a, b);
  }

  @Test
  void smallerTaskBehindABigOneStartsWhenItFits() {
    BottomUpLocalScheduler s = scheduler("CPU=2", 4);
    TaskSpec running = task("CPU=1");
    TaskSpec big = task("CPU=2");
    TaskSpec small = task("CPU=1");
    s.submit(running);
    s.submit(big);
    s.submit(small);
    assertThat(started).containsExactly(running, small);
  }

  @Test
  void blockedWorkerLendsItsCpuAndTakesItBack() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 4);
    TaskSpec parent = task("CPU=1");
    TaskSpec child = task("CPU=1");
    s.submit(parent);
    s.submit(child);
    assertThat(started).containsExactly(parent);
    s.workerBlocked(parent.taskId());
    assertThat(started).containsExactly(parent, child);
    finish.get(child.taskId()).run();
    s.workerUnblocked(parent.taskId());
    assertThat(s.available().get("CPU")).isZero();
    finish.get(parent.taskId()).run();
    assertThat(s.available()).isEqualTo(ResourceSet.parse("CPU=1"));
  }

  @Test
  void unblockingMayOversubscribeUntilTasksFinish() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 4);
    TaskSpec parent = task("CPU=1");
    TaskSpec child = task("CPU=1");
    s.submit(parent);
    s.submit(child);
    s.workerBlocked(parent.taskId());
    s.workerUnblocked(parent.taskId()); // the child still runs: both hold a CPU for a while
    assertThat(s.available().get("CPU")).isEqualTo(-1.0);
    finish.get(child.taskId()).run();
    finish.get(parent.taskId()).run();
    assertThat(s.available()).isEqualTo(ResourceSet.parse("CPU=1"));
  }

  @Test
  void actorWithoutResourcesNeedsOneCpuToBePlaced() {
    BottomUpLocalScheduler s = scheduler("CPU=1", 4);
    TaskSpec creation = new TaskSpec(new TaskId(next++), new JobId(1), new TaskId(0), TaskKind.ACTOR_CREATION,
        new FunctionDescriptor("a.B", "<init>", "()V", FunctionDescriptor.Kind.CONSTRUCTOR), List.of(),
        ResourceSet.EMPTY, null, new NodeId("node-0"), new ActorId(new TaskId(next)), null, 0, 0, 0);
    s.submit(task("CPU=1"));
    s.submit(creation);
    assertThat(started).hasSize(1);
    assertThat(s.queueLength()).isEqualTo(1);
  }
}
