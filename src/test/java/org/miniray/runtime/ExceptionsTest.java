package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayActorException;
import org.miniray.api.exception.RayTaskException;
import org.miniray.api.exception.RayWorkerException;
import org.miniray.api.exception.UnreconstructableException;

/** The exceptions {@code get} throws carry what Ray's carry: origin, ids and causes. */
class ExceptionsTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  static int fail() {
    throw new IllegalStateException("boom");
  }

  static int plusOne(int x) {
    return x + 1;
  }

  static int crash() {
    throw new OutOfMemoryError("a pretend out-of-memory in the worker");
  }

  private static final java.util.concurrent.atomic.AtomicInteger CRASHES = new java.util.concurrent.atomic.AtomicInteger();

  static int crashCounted() {
    CRASHES.incrementAndGet();
    throw new OutOfMemoryError("a counted out-of-memory");
  }

  /** An actor whose constructor throws. */
  public static final class Broken {
    public Broken() {
      throw new IllegalArgumentException("no config");
    }

    public int ping() {
      return 1;
    }
  }

  /** An actor that works. */
  public static final class Fine {
    public int ping() {
      return 1;
    }
  }

  @Test
  void aTasksExceptionNamesItsProcessHostAndNode() {
    RayTaskException e = catchThrowableOfType(() -> Ray.task(ExceptionsTest::fail).remote().get(),
        RayTaskException.class);
    assertThat(e.getPid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(e.getHost()).isNotBlank();
    assertThat(e.getNode()).startsWith("node-");
    assertThat(e.getMessage()).contains("(pid=" + ProcessHandle.current().pid() + ", host=" + e.getHost() + ")");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void aTaskWhoseArgumentFailedThrowsItsOwnExceptionCausedByTheArguments() {
    ObjectRef<Integer> a = Ray.task(ExceptionsTest::fail).remote();
    ObjectRef<Integer> b = Ray.task(ExceptionsTest::plusOne, a).remote();
    ObjectRef<Integer> c = Ray.task(ExceptionsTest::plusOne, b).remote();
    RayTaskException e = catchThrowableOfType(c::get, RayTaskException.class);
    assertThat(e.getTaskName()).isEqualTo("ExceptionsTest.plusOne");
    assertThat(e.getMessage()).contains("an argument of it failed", "ExceptionsTest.fail", "boom");
    assertThat(e.getCause()).isInstanceOf(RayTaskException.class);
    RayTaskException ofB = (RayTaskException) e.getCause();
    assertThat(ofB.getTaskName()).isEqualTo("ExceptionsTest.plusOne");
    assertThat(ofB.getCause()).isInstanceOf(RayTaskException.class);
    RayTaskException ofA = (RayTaskException) ofB.getCause();
    assertThat(ofA.getTaskName()).isEqualTo("ExceptionsTest.fail");
    assertThat(ofA.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void callsOfAnActorWhoseConstructorThrewGetThatExceptionAsTheCause() {
    ActorHandle<Broken> b = Ray.actor(Broken::new).remote();
    RayActorException e = catchThrowableOfType(() -> b.task(Broken::ping).remote().get(30_000),
        RayActorException.class);
    assertThat(e.actorId).isEqualTo(b.getId());
    assertThat(e.getMessage()).contains("constructor");
    assertThat(e.getCause()).isInstanceOf(RayTaskException.class);
    assertThat(e.getCause().getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("no config");
  }

  @Test
  void callsOfAKilledActorNameIt() {
    ActorHandle<Fine> f = Ray.actor(Fine::new).remote();
    assertThat(f.task(Fine::ping).remote().get(30_000)).isEqualTo(1);
    f.kill();
    RayActorException e = catchThrowableOfType(() -> f.task(Fine::ping).remote().get(30_000),
        RayActorException.class);
    assertThat(e.actorId).isEqualTo(f.getId());
    assertThat(e.getCause()).as("killed, not broken").isNull();
  }

  @Test
  void aWorkerThatDiesPastItsRetriesIsAWorkerException() {
    RayWorkerException e = catchThrowableOfType(
        () -> Ray.task(ExceptionsTest::crash).setMaxRetries(1).remote().get(30_000), RayWorkerException.class);
    assertThat(e.getMessage()).contains("ExceptionsTest.crash", "died", "OutOfMemoryError", "1 retries");
  }

  @Test
  void aTaskRunsAtMostItsDefaultThreeRetriesThenEveryGetNamesTaskNodeAndCauseAndTheNodeLivesOn() {
    CRASHES.set(0);
    org.miniray.api.ObjectRef<Integer> r = Ray.task(ExceptionsTest::crashCounted).remote();
    RayWorkerException first = catchThrowableOfType(() -> r.get(30_000), RayWorkerException.class);
    RayWorkerException again = catchThrowableOfType(() -> r.get(30_000), RayWorkerException.class);
    assertThat(CRASHES.get()).as("runs: the first and Ray's default of 3 retries").isEqualTo(4);
    for (RayWorkerException e : List.of(first, again)) {
      assertThat(e.getMessage()).contains("ExceptionsTest.crashCounted", "OutOfMemoryError", "3 retries")
          .containsPattern("node-[01]");
    }
    assertThat(Ray.task(ExceptionsTest::plusOne, 1).remote().get(30_000)).as("a task after the crashes").isEqualTo(2);
  }

  @Test
  void getOfAFreedObjectIsUnreconstructable() {
    ObjectRef<Integer> r = Ray.put(7);
    Ray.internal().free(List.of(r), false);
    UnreconstructableException e = catchThrowableOfType(() -> Ray.get(r, 10_000), UnreconstructableException.class);
    assertThat(e.objectId.isNil()).isFalse();
    assertThat(e.getMessage()).contains("freed");
  }
}
