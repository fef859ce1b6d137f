package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.ActorHandle;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayActorException;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.ActorState;

/** How an actor ends or restarts at a program's request: kill(noRestart) and Ray.exitActor(). */
class ActorLifecycleTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  /** A counter that can end itself. */
  public static final class Counter {
    private int n;

    public int add(int k) {
      n += k;
      return n;
    }

    public boolean restarted() {
      return Ray.getRuntimeContext().wasCurrentActorRestarted();
    }

    public int quit() {
      Ray.exitActor();
      return -1; // never reached
    }
  }

  static int exitFromATask() {
    Ray.exitActor();
    return 0;
  }

  private static ActorEntry entry(ActorHandle<?> a) {
    return ((MinirayRuntime) Ray.internal()).cluster().gcs().actorTable()
        .lookup(((ActorHandleImpl<?>) a).id()).join().orElseThrow();
  }

  private static ActorEntry awaitEntry(ActorHandle<?> a, ActorState state, int restarts) {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> entry(a), e -> e.state() == state && e.restarts() == restarts);
  }

  @Test
  void killWithRestartRestartsTheActorWhichReplaysItsCalls() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).setMaxRestarts(1).remote();
    for (int i = 1; i <= 5; i++) {
      c.task(Counter::add, i).remote();
    }
    assertThat(c.task(Counter::add, 0).remote().get(30_000)).isEqualTo(15);
    assertThat(c.task(Counter::restarted).remote().get(30_000)).isFalse();

    c.kill(false);
    assertThat(c.task(Counter::add, 1).remote().get(30_000)).as("the state replayed, then one more").isEqualTo(16);
    assertThat(c.task(Counter::restarted).remote().get(30_000)).isTrue();
    assertThat(awaitEntry(c, ActorState.ALIVE, 1).restarts()).isEqualTo(1);

    c.kill(false); // no restarts left now
    assertThatThrownBy(() -> c.task(Counter::add, 1).remote().get(30_000)).isInstanceOf(RayActorException.class)
        .hasMessageContaining("no restarts left");
    assertThat(entry(c).state()).isEqualTo(ActorState.DEAD);
  }

  @Test
  void killWithRestartOfAnActorWithoutRestartsEndsIt() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).remote();
    assertThat(c.task(Counter::add, 2).remote().get(30_000)).isEqualTo(2);
    c.kill(false);
    assertThatThrownBy(() -> c.task(Counter::add, 1).remote().get(30_000)).isInstanceOf(RayActorException.class);
    assertThat(entry(c).restarts()).isZero();
  }

  @Test
  void killWithoutRestartEndsEvenARestartableActor() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).setMaxRestarts(3).remote();
    assertThat(c.task(Counter::add, 2).remote().get(30_000)).isEqualTo(2);
    c.kill(true);
    RayActorException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> c.task(Counter::add, 1).remote().get(30_000), RayActorException.class);
    assertThat(e.actorId).isEqualTo(c.getId());
    assertThat(e.getMessage()).contains("it was killed");
    assertThat(entry(c).restarts()).isZero();
  }

  @Test
  void anActorThatExitsFailsThisAndLaterCallsAndIsNotRestarted() {
    ActorHandle<Counter> c = Ray.actor(Counter::new).setMaxRestarts(2).remote();
    assertThat(c.task(Counter::add, 3).remote().get(30_000)).isEqualTo(3);
    assertThatThrownBy(() -> c.task(Counter::quit).remote().get(30_000)).isInstanceOf(RayActorException.class)
        .hasMessageContaining("Ray.exitActor()");
    assertThatThrownBy(() -> c.task(Counter::add, 1).remote().get(30_000)).isInstanceOf(RayActorException.class)
        .hasMessageContaining("exited");
    ActorEntry e = entry(c);
    assertThat(e.state()).isEqualTo(ActorState.DEAD);
    assertThat(e.restarts()).isZero();
  }

  @Test
  void exitActorOutsideAnActorIsAMistakeNamedWhereItIsMade() {
    assertThatThrownBy(Ray::exitActor).isInstanceOf(IllegalStateException.class).hasMessageContaining("by the driver");
    assertThatThrownBy(() -> Ray.task(ActorLifecycleTest::exitFromATask).remote().get(30_000))
        .hasMessageContaining("not an actor's method");
  }
}
