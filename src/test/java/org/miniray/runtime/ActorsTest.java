package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.exception.RayActorException;
import org.miniray.api.exception.RayTaskException;

/** Actors: state, serial methods in each caller's order, handles passed around, names, death. */
class ActorsTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.resources", "CPU=2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  public static final class Counter {
    private int value;

    public Counter(int start) {
      this.value = start;
    }

    public static Counter startingAt(int start) {
      return new Counter(start);
    }

    public int add(int delta) {
      value += delta;
      return value;
    }

    public int get() {
      return value;
    }

    public void reset() {
      value = 0;
    }

    public int explode(String why) {
      throw new IllegalArgumentException(why);
    }
  }

  /** Records the calls it receives, to check their order. */
  public static final class Log {
    private final List<String> entries = new ArrayList<>();
    private int concurrent;
    private int maxConcurrent;

    public Log() {}

    public int append(String entry) {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      entries.add(entry);
      Thread.yield();
      concurrent--;
      return entries.size();
    }

    public List<String> entries() {
      return new ArrayList<>(entries);
    }

    public int maxConcurrent() {
      return maxConcurrent;
    }
  }

  public static final class Broken {
    public Broken() {
      throw new IllegalStateException("cannot build");
    }

    public int ping() {
      return 1;
    }
  }

  static int callTimes(ActorHandle<Log> log, String caller, int times) {
    ObjectRef<Integer> last = null;
    for (int i = 0; i < times; i++) {
      last = log.task(Log::append, caller + ":" + i).remote();
    }
    return last.get();
  }

  static int addThroughHandle(ActorHandle<Counter> counter, int delta) {
    return counter.task(Counter::add, delta).remote().get();
  }

  @Test
  void actorKeepsStateAcrossCalls() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 10).remote();
    c.task(Counter::add, 5).remote();
    c.task(Counter::add, 2).remote();
    assertThat(c.task(Counter::get).remote().get()).isEqualTo(17);
    c.task(Counter::reset).remote();
    assertThat(c.task(Counter::get).remote().get()).isEqualTo(0);
  }

  @Test
  void actorCanBeBuiltByAStaticFactory() {
    ActorHandle<Counter> c = Ray.actor(Counter::startingAt, 100).remote();
    assertThat(c.task(Counter::add, 1).remote().get()).isEqualTo(101);
  }

  @Test
  void callsFromEachCallerRunInTheOrderMadeAndNeverTogether() {
    ActorHandle<Log> log = Ray.actor(Log::new).remote();
    List<ObjectRef<Integer>> callers = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      callers.add(Ray.task(ActorsTest::callTimes, log, "c" + c, 50).remote());
    }
    for (int i = 0; i < 50; i++) {
      log.task(Log::append, "driver:" + i).remote();
    }
    Ray.get(callers);
    List<String> entries = log.task(Log::entries).remote().get();
    assertThat(entries).hasSize(250);
    for (String caller : List.of("c0", "c1", "c2", "c3", "driver")) {
      List<Integer> order = entries.stream().filter(e -> e.startsWith(caller + ":"))
          .map(e -> Integer.parseInt(e.substring(e.indexOf(':') + 1))).toList();
      assertThat(order).as("calls of %s in the order made", caller).isSorted().hasSize(50);
    }
    assertThat(log.task(Log::maxConcurrent).remote().get()).as("methods running at once").isEqualTo(1);
  }

  @Test
  void handlesPassedToTasksReachTheSameActor() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    List<ObjectRef<Integer>> rs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rs.add(Ray.task(ActorsTest::addThroughHandle, c, 1).remote());
    }
    Ray.get(rs);
    assertThat(c.task(Counter::get).remote().get()).isEqualTo(10);
  }

  @Test
  void namedActorIsFoundByName() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 3).setName("the-counter").remote();
    c.task(Counter::add, 1).remote().get();
    Optional<ActorHandle<Counter>> found = Ray.getActor("the-counter");
    assertThat(found).isPresent();
    assertThat(found.get().task(Counter::get).remote().get()).isEqualTo(4);
    assertThat(Ray.<ActorHandle<Counter>>getActor("no-such-actor")).isEmpty();
    assertThatThrownBy(() -> Ray.actor(Counter::new, 0).setName("the-counter").remote())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the-counter");
  }

  @Test
  void methodExceptionFailsThatCallOnly() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 1).remote();
    ObjectRef<Integer> bad = c.task(Counter::explode, "nope").remote();
    assertThatThrownBy(bad::get).isInstanceOf(RayTaskException.class).hasMessageContaining("nope");
    assertThat(c.task(Counter::add, 1).remote().get()).isEqualTo(2);
  }

  @Test
  void callsToAnActorWhoseConstructorFailedThrowActorException() {
    ActorHandle<Broken> b = Ray.actor(Broken::new).remote();
    assertThatThrownBy(() -> b.task(Broken::ping).remote().get(30_000)).isInstanceOf(RayActorException.class)
        .hasMessageContaining("constructor");
  }

  @Test
  void killedActorRefusesFurtherCalls() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setName("doomed").remote();
    assertThat(c.task(Counter::add, 1).remote().get()).isEqualTo(1);
    c.kill();
    Awaitility.await().until(() -> Ray.getActor("doomed").isEmpty());
    assertThatThrownBy(() -> c.task(Counter::get).remote().get(30_000)).isInstanceOf(RayActorException.class)
        .hasMessageContaining("killed");
  }
}
