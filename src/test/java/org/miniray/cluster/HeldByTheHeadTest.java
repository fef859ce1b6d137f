package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;

/**
 * What a process sends again to a head started after one that died ({@link HeldByTheHead}): a task
 * whose row the GCS has is not sent again, nor the creation of an actor that was built; a task with
 * no row is, and so is the creation of an actor still pending; anything that is no task is left to
 * go again.
 */
class HeldByTheHeadTest {
  private static final JobId JOB = new JobId(1);
  private static final TaskId DRIVER = TaskId.forDriver(JOB);
  private static final NodeId NODE = new NodeId("node-0");

  private final InMemoryGcs gcs = new InMemoryGcs(2, Clock.SYSTEM);

  @AfterEach
  void close() {
    gcs.close();
  }

  @Test
  void tasksWithRowsAndActorsBuiltAreHeldTheRestGoesAgain() {
    TaskSpec durable = task(1);
    TaskSpec lost = task(2);
    gcs.taskTable().add(durable).join();
    TaskSpec built = creation(new ActorId(TaskId.forChild(DRIVER, 3)));
    gcs.actorTable().put(new ActorEntry(built.actorId(), null, built, ActorState.ALIVE, NODE, 0, null, false)).join();
    TaskSpec pending = creation(new ActorId(TaskId.forChild(DRIVER, 4)));
    gcs.actorTable().put(new ActorEntry(pending.actorId(), null, pending, ActorState.PENDING, null, 0, null, false))
        .join();
    TaskSpec neverRegistered = creation(new ActorId(TaskId.forChild(DRIVER, 5)));
    Object location = "a location write";
    TaskSpec durableAgain = task(1); // an equal message sent twice is two sends: held by identity

    List<Object> sent = List.of(durable, lost, built, pending, neverRegistered, location, durableAgain);
    assertThat(new HeldByTheHead(gcs).among(sent)).as("held by the new head")
        .containsExactlyInAnyOrder(durable, built, durableAgain)
        .doesNotContain(lost, pending, neverRegistered, location);
  }

  private static TaskSpec task(int i) {
    return new TaskSpec(TaskId.forChild(DRIVER, i), JOB, DRIVER, TaskKind.NORMAL,
        new FunctionDescriptor("a.B", "f", "()I", FunctionDescriptor.Kind.STATIC), List.of(),
        ResourceSet.of("CPU", 1), null, NODE, null, null, 0, 3, 0);
  }

  private static TaskSpec creation(ActorId id) {
    return new TaskSpec(id.creationTask(), JOB, DRIVER, TaskKind.ACTOR_CREATION,
        new FunctionDescriptor("a.Counter", "<init>", "()V", FunctionDescriptor.Kind.CONSTRUCTOR), List.of(),
        ResourceSet.of("CPU", 1), null, NODE, id, null, 0, 0, 1);
  }
}
