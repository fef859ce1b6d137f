package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.WaitResult;
import org.miniray.api.exception.RayTaskException;
import org.miniray.api.exception.RayTimeoutException;

/** Tasks, futures, get, wait and put, on a two-node embedded cluster with two CPUs each. */
class TasksTest {
  static volatile CountDownLatch gate = new CountDownLatch(0);

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.resources", "CPU=2"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  static int square(int x) {
    return x * x;
  }

  static int add(int a, int b) {
    return a + b;
  }

  static String hello() {
    return "hello";
  }

  /** Holds no CPU while it waits, so blocked gate tasks never starve the others of CPUs. */
  static ObjectRef<Integer> gated(int x) {
    return Ray.task(TasksTest::waitAtGate, x).setResource("CPU", 0.0).remote();
  }

  static int waitAtGate(int x) throws InterruptedException {
    gate.await();
    return x;
  }

  static int fail(String why) {
    throw new IllegalStateException(why);
  }

  static int addOne(int x) {
    return x + 1;
  }

  static long fib(int n) {
    if (n < 2) {
      return n;
    }
    ObjectRef<Long> a = Ray.task(TasksTest::fib, n - 1).remote();
    ObjectRef<Long> b = Ray.task(TasksTest::fib, n - 2).remote();
    return Ray.get(a) + Ray.get(b);
  }

  static int sumOfRefs(List<ObjectRef<Integer>> refs) {
    int s = 0;
    for (ObjectRef<Integer> r : refs) {
      s += r.get();
    }
    return s;
  }

  static byte[] reverse(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }

  static int fanOut(int width) {
    List<ObjectRef<Integer>> parts = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      parts.add(Ray.task(TasksTest::square, i).remote());
    }
    int s = 0;
    for (int v : Ray.get(parts)) {
      s += v;
    }
    return s;
  }

  @Test
  void taskReturnsItsResultThroughAFuture() {
    assertThat(Ray.task(TasksTest::square, 7).remote().get()).isEqualTo(49);
    assertThat(Ray.get(Ray.task(TasksTest::hello).remote())).isEqualTo("hello");
  }

  @Test
  void futuresCanBePassedAsArguments() {
    ObjectRef<Integer> a = Ray.task(TasksTest::square, 3).remote();
    ObjectRef<Integer> b = Ray.task(TasksTest::add, a, 1).remote();
    ObjectRef<Integer> c = Ray.task(TasksTest::add, b, a).remote();
    assertThat(c.get()).isEqualTo(19);
  }

  @Test
  void nestedTasksDeeperAndWiderThanTheCpusDoNotDeadlock() {
    // fib(15) submits ~2,000 tasks, each blocking in get on its children, on 4 CPUs in all.
    assertThat(Ray.task(TasksTest::fib, 15).remote().get(60_000)).isEqualTo(610L);
    assertThat(Ray.task(TasksTest::fanOut, 50).remote().get(60_000)).isEqualTo(40425);
  }

  @Test
  void referencesInsideValuesArePassedAsReferences() {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      refs.add(Ray.put(i));
    }
    assertThat(Ray.task(TasksTest::sumOfRefs, refs).remote().get()).isEqualTo(10);
  }

  @Test
  void putThenGetGivesTheValueBack() {
    ObjectRef<List<String>> r = Ray.put(List.of("a", "b"));
    assertThat(Ray.get(r)).containsExactly("a", "b");
    assertThat(Ray.get(List.of(Ray.put(1), Ray.put(2), Ray.put(3)))).containsExactly(1, 2, 3);
  }

  @Test
  void byteArraysTravelIntact() {
    byte[] data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    byte[] back = Ray.task(TasksTest::reverse, Ray.put(data)).remote().get();
    assertThat(back[0]).isEqualTo(data[data.length - 1]);
    assertThat(back).hasSize(data.length);
  }

  @Test
  void putAndByValueArgumentsCopyTheCallersArraySoLaterWritesDoNotReachTheStore() {
    byte[] data = {1, 2, 3};
    ObjectRef<byte[]> put = Ray.put(data);
    ObjectRef<byte[]> passed = Ray.task(TasksTest::reverse, data).remote();
    data[0] = 9;
    assertThat(put.get()).containsExactly(1, 2, 3);
    assertThat(passed.get()).containsExactly(3, 2, 1);
  }

  @Test
  void remoteExceptionIsRethrownByGetWithItsClassMessageAndStack() {
    ObjectRef<Integer> r = Ray.task(TasksTest::fail, "boom").remote();
    RayTaskException e = catchThrowableOfType(RayTaskException.class, r::get);
    assertThat(e).hasMessageContaining("TasksTest.fail").hasMessageContaining("boom");
    assertThat(e.getRemoteClassName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(e.getTaskName()).isEqualTo("TasksTest.fail");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(e.getCause().getStackTrace()[0].getMethodName()).isEqualTo("fail");
  }

  @Test
  void taskWhoseInputFailedFailsWithTheInputsError() {
    ObjectRef<Integer> bad = Ray.task(TasksTest::fail, "first").remote();
    ObjectRef<Integer> next = Ray.task(TasksTest::addOne, bad).remote();
    ObjectRef<Integer> last = Ray.task(TasksTest::addOne, next).remote();
    assertThatThrownBy(last::get).isInstanceOf(RayTaskException.class)
        .hasMessageContaining("TasksTest.fail").hasMessageContaining("first");
  }

  @Test
  void getTimesOutWhenTheObjectIsNotReady() {
    gate = new CountDownLatch(1);
    try {
      ObjectRef<Integer> r = gated(5);
      assertThatThrownBy(() -> Ray.get(r, 100)).isInstanceOf(RayTimeoutException.class)
          .hasMessageContaining("100 ms");
      gate.countDown();
      assertThat(r.get(30_000)).isEqualTo(5);
    } finally {
      gate.countDown();
    }
  }

  @Test
  void waitReturnsOnceKAreReadyAndKeepsTheGivenOrder() {
    gate = new CountDownLatch(1);
    try {
      List<ObjectRef<Integer>> refs = List.of(
          gated(0),
          Ray.task(TasksTest::square, 1).remote(),
          gated(2),
          Ray.task(TasksTest::square, 3).remote());
      WaitResult<Integer> w = Ray.wait(refs, 2);
      assertThat(w.getReady()).containsExactly(refs.get(1), refs.get(3));
      assertThat(w.getUnready()).containsExactly(refs.get(0), refs.get(2));

      WaitResult<Integer> timedOut = Ray.wait(refs, 3, 50);
      assertThat(timedOut.getReady()).hasSize(2);
      gate.countDown();
      WaitResult<Integer> all = Ray.wait(refs);
      assertThat(all.getReady()).containsExactlyElementsOf(refs);
      assertThat(all.getUnready()).isEmpty();
    } finally {
      gate.countDown();
    }
  }

  @Test
  void waitRejectsMoreReturnsThanReferences() {
    assertThatThrownBy(() -> Ray.wait(List.of(Ray.put(1)), 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numReturns");
  }

  @Test
  void manyTasksFromManyCallersAllFinish() throws Exception {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      refs.add(Ray.task(TasksTest::square, i % 100).remote());
    }
    long sum = 0;
    for (int v : Ray.get(refs, TimeUnit.SECONDS.toMillis(60))) {
      sum += v;
    }
    long expected = 0;
    for (int i = 0; i < 2_000; i++) {
      expected += (long) (i % 100) * (i % 100);
    }
    assertThat(sum).isEqualTo(expected);
  }
}
