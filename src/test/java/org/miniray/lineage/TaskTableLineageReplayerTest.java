package org.miniray.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.labs.GradeRecorder;
import org.miniray.labs.Points;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskError;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;

/**
 * Lab 3, part 1: the replayer's rule on hand-made GCS states, without a cluster. Each test
 * writes the task, object and node tables as a moment of a real run would leave them, asks the
 * replayer about one object, and checks what it handed to the global scheduler (a recording
 * fake) and what it answered.
 */
@Tag("lab3")
@Tag("lab3-part1")
@ExtendWith(GradeRecorder.class)
@Timeout(20)
class TaskTableLineageReplayerTest {
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final NodeId DRIVER_NODE = new NodeId("node-0");
  private static final NodeId ONE = new NodeId("node-1");
  private static final NodeId TWO = new NodeId("node-2");
  private static final NodeId THREE = new NodeId("node-3");

  private final Gcs gcs = new InMemoryGcs(2, Clock.SYSTEM);
  private final Serializer serializer = new ForySerializer(new Allowlist());
  private final RecordingScheduler global = new RecordingScheduler();
  private final TaskTableLineageReplayer replayer =
      new TaskTableLineageReplayer(gcs, global, serializer, EventRecorder.OFF);
  private int submitted;

  TaskTableLineageReplayerTest() {
    for (NodeId n : List.of(DRIVER_NODE, ONE, TWO, THREE)) {
      gcs.nodeTable().register(new NodeInfo(n, n.toString(), ResourceSet.parse("CPU=2"))).join();
    }
  }

  @AfterEach
  void close() {
    replayer.close();
    gcs.close();
  }

  /** The global scheduler's side: it only records what it was asked to place. */
  static final class RecordingScheduler implements GlobalScheduler {
    final List<TaskSpec> scheduled = new CopyOnWriteArrayList<>();

    @Override
    public void schedule(TaskSpec spec) {
      scheduled.add(spec);
    }

    @Override
    public List<TaskSpec> stop() {
      return List.of();
    }
  }

  /** A normal task submitted by the driver (on node-0), recorded in the task table. */
  private TaskSpec task(int maxRetries) {
    TaskSpec spec = new TaskSpec(TaskId.forChild(DRIVER, ++submitted), JOB, DRIVER, TaskKind.NORMAL,
        new FunctionDescriptor("edu.Lab3", "step", "(I)I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.parse("CPU=1"), "step" + submitted, DRIVER_NODE, null, null, 0, maxRetries, 0);
    gcs.taskTable().add(spec).join();
    return spec;
  }

  private void at(TaskSpec spec, TaskStatus status, NodeId node) {
    gcs.taskTable().updateStatus(spec.taskId(), status, node).join();
  }

  /** The task finished on {@code node}, whose store holds the only copy of its result. */
  private void finishedOn(TaskSpec spec, NodeId node) {
    at(spec, TaskStatus.FINISHED, node);
    gcs.objectTable().addLocation(spec.returnId(), node, 8).join();
  }

  /** The node monitor's part: {@code node} is declared dead and its copies are forgotten. */
  private void dies(NodeId node) {
    gcs.nodeTable().markDead(node).join();
    gcs.objectTable().removeNode(node).join();
  }

  /**
   * What the replayer answers about {@code id}: null to keep waiting, or the error in its place.
   * When the decision threw (the replayer then answers with an error saying so), the test fails
   * with that exception.
   */
  private SerializedObject ask(ObjectId id) throws Exception {
    return answer(replayer.reconstruct(id));
  }

  private SerializedObject answer(CompletableFuture<SerializedObject> reply) throws Exception {
    SerializedObject answer = reply.get(10, TimeUnit.SECONDS);
    if (answer != null && answer.encoding() == SerializedObject.ERROR) {
      String message = String.valueOf(((TaskError) serializer.deserialize(answer)).message());
      String threw = "the lineage replayer failed deciding whether it is lost: ";
      if (message.startsWith(threw)) {
        throw new AssertionError("the replayer threw " + message.substring(threw.length()));
      }
    }
    return answer;
  }

  private TaskError error(SerializedObject answer) {
    assertThat(answer).as("the replayer's answer: an error in the object's place").isNotNull();
    assertThat(answer.encoding()).as("encoding of the answer").isEqualTo(SerializedObject.ERROR);
    return (TaskError) serializer.deserialize(answer);
  }

  private TaskStatus status(TaskSpec spec) {
    return gcs.taskTable().lookup(spec.taskId()).join().orElseThrow().status();
  }

  @Test
  @Points(6)
  @DisplayName("an object whose only copy died with its node is rebuilt by re-running its task, recorded FORWARDED")
  void lostObjectIsRebuiltByRerunningItsTask() throws Exception {
    TaskSpec t = task(3);
    finishedOn(t, TWO);
    dies(TWO);
    assertThat(ask(t.returnId())).as("answer while the object is rebuilt (keep waiting)").isNull();
    assertThat(global.scheduled).as("tasks handed to the global scheduler").containsExactly(t);
    assertThat(status(t)).as("task-table status of the re-run task before it is placed").isEqualTo(TaskStatus.FORWARDED);
  }

  @Test
  @Points(6)
  @DisplayName("an object with a copy on a live node is not rebuilt, even if its task's node died")
  void objectWithALiveCopyIsNotRebuilt() throws Exception {
    TaskSpec t = task(3);
    finishedOn(t, TWO);
    gcs.objectTable().addLocation(t.returnId(), ONE, 8).join(); // someone pulled a copy
    gcs.nodeTable().markDead(TWO).join(); // declared dead, its locations not removed yet
    assertThat(ask(t.returnId())).as("answer for an object with a live copy on node-1").isNull();
    assertThat(global.scheduled).as("tasks re-run although a copy survives on node-1").isEmpty();
  }

  @Test
  @Points(6)
  @DisplayName("an object not made yet is left alone while its task's node is alive (scheduled or running)")
  void objectNotMadeYetIsLeftAloneWhileItsNodeLives() throws Exception {
    TaskSpec scheduled = task(3);
    at(scheduled, TaskStatus.SCHEDULED, ONE);
    TaskSpec running = task(3);
    at(running, TaskStatus.RUNNING, ONE);
    dies(TWO); // a death elsewhere is why the waiters ask
    assertThat(ask(scheduled.returnId())).as("answer for an object whose task is scheduled on live node-1").isNull();
    assertThat(ask(running.returnId())).as("answer for an object whose task runs on live node-1").isNull();
    assertThat(global.scheduled).as("tasks re-run although their node lives").isEmpty();
  }

  @Test
  @Points(6)
  @DisplayName("a task is lost where its task-table row says it is: at its owner when SUBMITTED, never when FORWARDED")
  void whereATaskIsComesFromItsStatus() throws Exception {
    TaskSpec kept = task(3); // still queued at its owner, node-0
    TaskSpec forwarded = task(3); // at the global scheduler, which does not die
    at(forwarded, TaskStatus.FORWARDED, null);
    TaskSpec scheduledOnDead = task(3);
    at(scheduledOnDead, TaskStatus.SCHEDULED, THREE);
    dies(THREE);
    assertThat(ask(kept.returnId())).isNull();
    assertThat(ask(forwarded.returnId())).isNull();
    assertThat(global.scheduled).as("re-runs while node-0 (the owner) lives and one task is forwarded")
        .isEmpty();
    assertThat(ask(scheduledOnDead.returnId())).isNull();
    assertThat(global.scheduled).as("re-runs after the node a task was scheduled on died")
        .containsExactly(scheduledOnDead);
    dies(DRIVER_NODE);
    assertThat(ask(kept.returnId())).isNull();
    assertThat(global.scheduled).as("re-runs after the owner of a SUBMITTED task died")
        .containsExactly(scheduledOnDead, kept);
  }

  @Test
  @Points(6)
  @DisplayName("many nodes asking at once for the same lost object cause exactly one re-run")
  void manyAsksForOneLostObjectCauseOneRerun() throws Exception {
    TaskSpec t = task(10);
    finishedOn(t, TWO);
    dies(TWO);
    List<CompletableFuture<SerializedObject>> answers = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> askers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Thread a = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        answers.add(replayer.reconstruct(t.returnId()));
      });
      a.start();
      askers.add(a);
    }
    go.countDown();
    for (Thread a : askers) {
      a.join(10_000);
    }
    assertThat(answers).as("answers of 16 askers").hasSize(16);
    for (CompletableFuture<SerializedObject> f : answers) {
      assertThat(answer(f)).as("every asker keeps waiting for the rebuilt object").isNull();
    }
    assertThat(global.scheduled).as("re-runs of one lost task asked for by 16 waiters").containsExactly(t);
  }

  @Test
  @Points(4)
  @DisplayName("once re-run on a new node, the task is lost again only if that node dies too")
  void rerunTaskIsLostAgainOnlyWithItsNewNode() throws Exception {
    TaskSpec t = task(3);
    finishedOn(t, TWO);
    dies(TWO);
    assertThat(ask(t.returnId())).isNull();
    at(t, TaskStatus.SCHEDULED, ONE); // the global scheduler placed the re-run on node-1
    assertThat(ask(t.returnId())).isNull();
    assertThat(global.scheduled).as("re-runs while the re-run is scheduled on live node-1").containsExactly(t);
    dies(ONE);
    assertThat(ask(t.returnId())).isNull();
    assertThat(global.scheduled).as("re-runs after node-1 died too").containsExactly(t, t);
  }

  @Test
  @Points(3)
  @DisplayName("re-runs count against maxRetries; past them the waiter gets an error that names setMaxRetries")
  void rerunsBeyondMaxRetriesBecomeAnError() throws Exception {
    TaskSpec t = task(1);
    finishedOn(t, TWO);
    dies(TWO);
    assertThat(ask(t.returnId())).as("first loss, within 1 retry").isNull();
    finishedOn(t, ONE);
    dies(ONE);
    TaskError e = error(ask(t.returnId()));
    assertThat(global.scheduled).as("re-runs of a task with maxRetries 1 lost twice").containsExactly(t);
    assertThat(e.message()).as("the error's message").contains("setMaxRetries");
  }

  @Test
  @Points(3)
  @DisplayName("an object made by put whose creator died is unreconstructable, and the error names it")
  void putObjectOfADeadCreatorIsUnreconstructable() throws Exception {
    ObjectId put = ObjectId.forPut(DRIVER, 1);
    gcs.objectTable().addLocation(put, TWO, 8).join();
    ObjectId notPutYet = ObjectId.forPut(DRIVER, 2);
    dies(TWO);
    TaskError e = error(ask(put));
    assertThat(e.kind()).as("kind of the error for a lost put object").isEqualTo(TaskError.Kind.UNRECONSTRUCTABLE);
    assertThat(e.taskName() + " " + e.message()).as("the error names the object").contains(put.toString());
    assertThat(ask(notPutYet)).as("answer for a put object not made yet (keep waiting)").isNull();
    assertThat(global.scheduled).as("tasks re-run for put objects").isEmpty();
  }
}
