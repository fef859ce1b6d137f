package org.miniray.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeInfo;
import org.miniray.gcs.TaskEntry;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
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
 * The rules of {@link LineageReplayer} that every implementation keeps, on hand-made GCS states:
 * an object not made yet, or with a live copy, is left alone; a truly lost one is run again once
 * per loss however many ask; re-runs and retries count against {@code maxRetries}; an object made
 * by {@code put} cannot be rebuilt. What the replayer re-runs goes to a recording global
 * scheduler. One subclass per implementation.
 */
public abstract class LineageReplayerContractTest {
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final NodeId OWNER = new NodeId("node-0");
  private static final NodeId ONE = new NodeId("node-1");
  private static final NodeId TWO = new NodeId("node-2");

  protected final Gcs gcs = new InMemoryGcs(2, Clock.SYSTEM);
  protected final Serializer serializer = new ForySerializer(new Allowlist());
  private final List<TaskSpec> scheduled = new CopyOnWriteArrayList<>();
  protected final GlobalScheduler global = new GlobalScheduler() {
    @Override
    public void schedule(TaskSpec spec) {
      scheduled.add(spec);
    }

    @Override
    public List<TaskSpec> stop() {
      return List.of();
    }
  };
  private LineageReplayer replayer;
  private int submitted;

  /** A replayer over {@link #gcs} that hands what it re-runs to {@link #global}; the test closes it. */
  protected abstract LineageReplayer createReplayer();

  @BeforeEach
  void open() {
    for (NodeId n : List.of(OWNER, ONE, TWO)) {
      gcs.nodeTable().register(new NodeInfo(n, n.toString(), ResourceSet.parse("CPU=2"))).join();
    }
    replayer = createReplayer();
  }

  @AfterEach
  void close() {
    replayer.close();
    gcs.close();
  }

  @Test
  void anObjectNotMadeYetIsLeftAloneWhileItsNodeLives() throws Exception {
    TaskSpec running = task(3);
    gcs.taskTable().updateStatus(running.taskId(), TaskStatus.RUNNING, ONE).join();
    dies(TWO);

    assertThat(ask(running.returnId())).as("answer for an object whose task runs on a live node").isNull();
    assertThat(scheduled).as("tasks re-run although their node lives").isEmpty();
  }

  @Test
  void anObjectWithALiveCopyIsNotRebuilt() throws Exception {
    TaskSpec t = finishedOn(task(3), TWO);
    gcs.objectTable().addLocation(t.returnId(), ONE, 8).join();
    gcs.nodeTable().markDead(TWO).join();

    assertThat(ask(t.returnId())).isNull();
    assertThat(scheduled).as("tasks re-run although a copy survives").isEmpty();
  }

  @Test
  void aLostObjectIsRunAgainOnceHoweverManyAsk() throws Exception {
    TaskSpec t = finishedOn(task(3), TWO);
    dies(TWO);

    List<CompletableFuture<SerializedObject>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(replayer.reconstruct(t.returnId()));
    }
    for (CompletableFuture<SerializedObject> a : answers) {
      assertThat(a.get(10, TimeUnit.SECONDS)).as("every asker keeps waiting for the rebuilt object").isNull();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !scheduled.isEmpty());
    assertThat(scheduled).as("re-runs of one lost task asked for 8 times").containsExactly(t);
  }

  @Test
  void reRunsBeyondMaxRetriesBecomeAnError() throws Exception {
    TaskSpec t = finishedOn(task(1), TWO);
    dies(TWO);
    assertThat(ask(t.returnId())).as("first loss, within 1 retry").isNull();
    finishedOn(t, ONE);
    dies(ONE);

    SerializedObject answer = ask(t.returnId());

    assertThat(answer).as("answer after the second loss of a task with maxRetries 1").isNotNull();
    assertThat(answer.encoding()).isEqualTo(SerializedObject.ERROR);
    assertThat(scheduled).containsExactly(t);
  }

  @Test
  void failedAttemptsCountAgainstMaxRetries() throws Exception {
    TaskSpec t = task(1);
    assertThat(failed(t, "worker crashed")).as("first failed attempt, 1 retry allowed").isTrue();
    assertThat(row(t).status()).as("the retried task's row once the answer is in").isEqualTo(TaskStatus.FORWARDED);
    assertThat(failed(t, "worker crashed again")).as("second failed attempt").isFalse();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !scheduled.isEmpty());
    assertThat(scheduled).as("retries handed to the global scheduler").containsExactly(t);
  }

  /**
   * The budget is the task table's, not the replayer's: a replayer started after another on the
   * same GCS (the head started again after a kill) neither retries a task whose retries the first
   * spent nor rebuilds its lost result, and the waiter gets an error that names its retries.
   */
  @Test
  void aReplayerStartedAfterAnotherOnTheSameGcsSpendsNoRetryTwice() throws Exception {
    TaskSpec t = task(2);
    assertThat(failed(t, "worker crashed")).as("first failed attempt, under the first replayer").isTrue();
    assertThat(failed(t, "worker crashed again")).as("second failed attempt, under the first replayer").isTrue();
    replayer.close(); // the head dies
    replayer = createReplayer(); // and one started again on the same GCS takes over

    assertThat(failed(t, "worker crashed a third time")).as("third failed attempt, under the second replayer")
        .isFalse();
    finishedOn(t, ONE);
    dies(ONE);
    SerializedObject answer = ask(t.returnId());

    assertThat(answer).as("answer for the lost result of a task with its 2 retries spent").isNotNull();
    assertThat(answer.encoding()).isEqualTo(SerializedObject.ERROR);
    assertThat(((TaskError) serializer.deserialize(answer)).message()).as("the error the waiter gets")
        .contains("2 retries").contains("setMaxRetries");
    assertThat(scheduled).as("runs handed to the global scheduler: the first replayer's two retries").containsExactly(t, t);
    assertThat(row(t).retries()).as("retries spent, in the task's row").isEqualTo(2);
  }

  private boolean failed(TaskSpec t, String why) throws Exception {
    return replayer.attemptFailed(t, why).get(10, TimeUnit.SECONDS);
  }

  private TaskEntry row(TaskSpec t) {
    return gcs.taskTable().lookup(t.taskId()).join().orElseThrow();
  }

  @Test
  void aPutObjectWhoseCreatorDiedIsUnreconstructable() throws Exception {
    ObjectId put = ObjectId.forPut(DRIVER, 1);
    gcs.objectTable().addLocation(put, TWO, 8).join();
    dies(TWO);

    SerializedObject answer = ask(put);

    assertThat(answer).isNotNull();
    assertThat(((TaskError) serializer.deserialize(answer)).kind()).isEqualTo(TaskError.Kind.UNRECONSTRUCTABLE);
    assertThat(scheduled).isEmpty();
  }

  private SerializedObject ask(ObjectId id) throws Exception {
    return replayer.reconstruct(id).get(10, TimeUnit.SECONDS);
  }

  private TaskSpec task(int maxRetries) {
    TaskSpec spec = new TaskSpec(TaskId.forChild(DRIVER, ++submitted), JOB, DRIVER, TaskKind.NORMAL,
        new FunctionDescriptor("edu.Lineage", "step", "(I)I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.parse("CPU=1"), "step" + submitted, OWNER, null, null, 0, maxRetries, 0);
    gcs.taskTable().add(spec).join();
    return spec;
  }

  private TaskSpec finishedOn(TaskSpec spec, NodeId node) {
    gcs.taskTable().updateStatus(spec.taskId(), TaskStatus.FINISHED, node).join();
    gcs.objectTable().addLocation(spec.returnId(), node, 8).join();
    return spec;
  }

  private void dies(NodeId node) {
    gcs.nodeTable().markDead(node).join();
    gcs.objectTable().removeNode(node).join();
  }
}
