package org.miniray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
// A program written for Ray's Java API: only these imports changed (io.ray.api -> org.miniray.api).
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.WaitResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shape of Ray's own Java getting-started program runs unchanged but for its imports. */
class PortedRayProgramTest {

  public static class MyRayApp {
    public static int square(int x) {
      return x * x;
    }

    public static int sum(int a, int b) {
      return a + b;
    }

    public static List<Integer> nested(int n) {
      List<ObjectRef<Integer>> refs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        refs.add(Ray.task(MyRayApp::square, i).remote());
      }
      return Ray.get(refs);
    }
  }

  public static class Counter {
    private int value = 0;

    public void increment() {
      this.value += 1;
    }

    public int read() {
      return this.value;
    }
  }

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void rayGettingStartedProgramRuns() {
    Ray.init();

    List<ObjectRef<Integer>> objectRefList = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      objectRefList.add(Ray.task(MyRayApp::square, i).remote());
    }
    assertThat(Ray.get(objectRefList)).containsExactly(0, 1, 4, 9);

    ObjectRef<Integer> total = Ray.task(MyRayApp::sum, objectRefList.get(2), objectRefList.get(3)).remote();
    assertThat(total.get()).isEqualTo(13);

    List<ActorHandle<Counter>> counters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      counters.add(Ray.actor(Counter::new).remote());
    }
    for (ActorHandle<Counter> counter : counters) {
      counter.task(Counter::increment).remote();
    }
    List<ObjectRef<Integer>> reads =
        counters.stream().map(c -> c.task(Counter::read).remote()).collect(Collectors.toList());
    assertThat(Ray.get(reads)).containsExactly(1, 1, 1, 1);

    ObjectRef<Integer> put = Ray.put(5);
    WaitResult<Integer> waitResult = Ray.wait(List.of(put, total), 2, 10_000);
    assertThat(waitResult.getReady()).hasSize(2);

    assertThat(Ray.task(MyRayApp::nested, 5).remote().get()).containsExactly(0, 1, 4, 9, 16);
    assertThat(Ray.isInitialized()).isTrue();
  }
}
