package org.miniray.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.api.function.RayFunc1;
import org.miniray.gcs.TaskEntry;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;
import org.miniray.serialization.RawArraysTest;
import org.miniray.task.TaskArg;

/**
 * Arguments and results of any size, from nothing to 64 MiB, arrive whole through every GCS: in
 * memory and in ZooKeeper on an embedded cluster, and the head's default (ZooKeeper, reached
 * over Netty through the remote GCS) on a cluster of processes. A value over 100 KiB is passed by
 * reference (the task table holds only the reference), so no size blocks the GCS; before that, a
 * 2 MB argument stalled the ZooKeeper GCS writer for a minute and lost the entries queued behind
 * it.
 *
 * <p>{@code make test} runs the boundaries (the inline limit, ZooKeeper's 1 MiB request) and a few
 * sizes drawn up to 16 MiB; {@code make stress} draws 40 sizes up to 64 MiB per GCS. The seed is
 * fixed ({@code -Dreplay.seed=N} picks another) and printed with the slowest call.
 */
class LargeValuesTest {
  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;
  private static final List<Integer> BOUNDARIES = List.of(0, 1, 100 * KIB, 100 * KIB + 1, MIB - 1, MIB, MIB + 1,
      16 * MIB);

  @TempDir
  Path home;

  /** Each byte plus one: a result as large as the argument, and different from it. */
  static byte[] plusOne(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) (b[i] + 1);
    }
    return out;
  }

  /** An actor whose one method is {@link LargeValuesTest#plusOne}. */
  public static final class Echo {
    public Echo() {}

    public byte[] plusOne(byte[] b) {
      return LargeValuesTest.plusOne(b);
    }
  }

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + size);
    }
    return b;
  }

  /** Largest call time seen, for the summary line. */
  private long slowestNanos;

  private void roundTrip(ActorHandle<Echo> echo, int size) {
    byte[] arg = pattern(size);
    byte[] expected = plusOne(arg);
    long start = System.nanoTime();
    ObjectRef<byte[]> ref = Ray.task(LargeValuesTest::plusOne, arg).remote();
    byte[] byTask = Ray.get(ref, 120_000);
    long taskNanos = System.nanoTime() - start;
    // The row is added one-way, ahead of the task: wait until this client's GCS reads it.
    TaskEntry row = Awaitility.await("the task's row").atMost(Duration.ofSeconds(20))
        .until(() -> ((MinirayRuntime) Ray.internal()).deployment().gcs().taskTable()
            .lookup(((ObjectRefImpl<?>) ref).id().task()).join(), Optional::isPresent).orElseThrow();
    assertThat(row.spec().args()).as("the task row of an argument of %d bytes", size).singleElement()
        .isInstanceOf(size > 100 * KIB ? TaskArg.ByRef.class : TaskArg.ByValue.class);
    start = System.nanoTime();
    byte[] byActor = Ray.get(echo.task(Echo::plusOne, arg).remote(), 120_000);
    long actorNanos = System.nanoTime() - start;
    slowestNanos = Math.max(slowestNanos, Math.max(taskNanos, actorNanos));
    assertThat(byTask).as("a task's result for an argument of %d bytes", size).isEqualTo(expected);
    assertThat(byActor).as("an actor call's result for an argument of %d bytes", size).isEqualTo(expected);
  }

  private void everySize(String gcs, int drawn, int max) {
    long seed = Long.getLong("replay.seed", 17);
    ActorHandle<Echo> echo = Ray.actor(Echo::new).remote();
    for (int size : BOUNDARIES) {
      if (size <= max) {
        roundTrip(echo, size);
      }
    }
    try {
      qt().withFixedSeed(seed).withExamples(drawn).withShrinkCycles(3).forAll(integers().between(0, max))
          .checkAssert(size -> roundTrip(echo, size));
    } catch (AssertionError e) {
      throw new AssertionError(gcs + ": a value was lost or changed; re-run with -Dreplay.seed=" + seed + "\n"
          + e.getMessage(), e);
    }
    System.out.printf("large values through the %s GCS: %d boundary and %d drawn sizes up to %d MiB arrived whole; "
        + "slowest call %.2f s (seed %d)%n", gcs, BOUNDARIES.size(), drawn, max / MIB, slowestNanos / 1e9, seed);
  }

  private void embedded(String gcs, int drawn, int max) {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.gcs", gcs, "miniray.node.resources", "CPU=2"));
    try {
      everySize(gcs + " (embedded)", drawn, max);
    } finally {
      Ray.shutdown();
    }
  }

  private void processes(int drawn, int max) throws Exception {
    onProcesses(() -> everySize("head's default (zookeeper, over Netty)", drawn, max));
  }

  /** Runs {@code driver} in this JVM as the driver of a head and a node process. */
  private void onProcesses(Runnable driver) throws Exception {
    assertThat(cli("start", "--head", "--port", "0", "--dashboard-port", "-1", "--num-cpus", "1")).isZero();
    try {
      String head = Files.readString(home.resolve("head.address")).trim();
      assertThat(cli("start", "--address", head, "--num-cpus", "1")).isZero();
      Ray.init(Map.of("miniray.address", head, "miniray.cluster.token.file", home.resolve("cluster.token").toString()));
      try {
        driver.run();
      } finally {
        Ray.shutdown();
      }
    } finally {
      assertThat(cli("stop")).isZero();
    }
  }

  /** A primitive array reversed: a result as large as the argument, and different from it. */
  public static Object reversed(Object array) {
    int n = Array.getLength(array);
    Object out = Array.newInstance(array.getClass().getComponentType(), n);
    for (int i = 0; i < n; i++) {
      Array.set(out, i, Array.get(array, n - 1 - i));
    }
    return out;
  }

  /** A record of arrays, as model weights or a rollout travel. */
  public record Weights(String name, long[] steps, double[] values) {}

  public static Weights reversedWeights(Weights w) {
    return new Weights(w.name() + " reversed", (long[]) reversed(w.steps()), (double[]) reversed(w.values()));
  }

  public static List<Object> reversedEach(List<Object> arrays) {
    return arrays.stream().map(LargeValuesTest::reversed).toList();
  }

  private static final Class<?>[] NUMERIC = {short.class, char.class, int.class, long.class, float.class, double.class};

  /**
   * Every numeric array type, at 0, 1 and 3 elements (3 shorts are 6 bytes), just over a slab
   * (1 MiB) and over three, put by the driver and read back, passed by reference and by value to a
   * task that returns it reversed; then a record and a list holding arrays. The driver writes to
   * each array once it is put: the store kept its own copy.
   */
  private static void numericArraysArriveWhole(String where) {
    // Typed on Cloneable, which every array is and a ref is not: a value and a ref each pick their overload.
    RayFunc1<Cloneable, Object> reverse = LargeValuesTest::reversed;
    for (Class<?> type : NUMERIC) {
      int element = elementBytes(type);
      for (int n : new int[] {0, 1, 3, MIB / element + 1, 3 * MIB / element + 5}) {
        String what = type + "[" + n + "] " + where;
        Object array = RawArraysTest.randomArray(type, n, n);
        Cloneable expected = (Cloneable) RawArraysTest.randomArray(type, n, n);
        ObjectRef<Cloneable> ref = Ray.put((Cloneable) array);
        if (n > 0) {
          Array.set(array, 0, Array.get(RawArraysTest.randomArray(type, 1, n + 1), 0));
        }
        RawArraysTest.assertSameElements(Ray.get(ref, 120_000), expected, what + ", put and got");
        RawArraysTest.assertSameElements(Ray.get(Ray.task(reverse, ref).remote(), 120_000),
            reversed(expected), what + ", by reference to a task and back");
        RawArraysTest.assertSameElements(Ray.get(Ray.task(reverse, expected).remote(), 120_000),
            reversed(expected), what + ", by value to a task and back");
      }
    }
    Weights w = new Weights("w", (long[]) RawArraysTest.randomArray(long.class, MIB / 8 + 3, 1),
        (double[]) RawArraysTest.randomArray(double.class, 5, 2));
    Weights back = Ray.get(Ray.task(LargeValuesTest::reversedWeights, Ray.put(w)).remote(), 120_000);
    assertThat(back.name()).isEqualTo("w reversed");
    RawArraysTest.assertSameElements(back.steps(), reversed(w.steps()), "a record's long[] " + where);
    RawArraysTest.assertSameElements(back.values(), reversed(w.values()), "a record's double[] " + where);
    List<Object> arrays = List.of(RawArraysTest.randomArray(int.class, 2 * MIB / 4 + 1, 3),
        RawArraysTest.randomArray(float.class, 7, 4));
    List<Object> each = Ray.get(Ray.task(LargeValuesTest::reversedEach, Ray.put(arrays)).remote(), 120_000);
    RawArraysTest.assertSameElements(each.get(0), reversed(arrays.get(0)), "a list's int[] " + where);
    RawArraysTest.assertSameElements(each.get(1), reversed(arrays.get(1)), "a list's float[] " + where);
  }

  private static int elementBytes(Class<?> type) {
    return type == short.class || type == char.class ? 2 : type == int.class || type == float.class ? 4 : 8;
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void numericArraysRecordsAndListsOfThemArriveWholeOnAnEmbeddedCluster() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.node.resources", "CPU=2"));
    try {
      numericArraysArriveWhole("on an embedded cluster");
    } finally {
      Ray.shutdown();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void numericArraysRecordsAndListsOfThemArriveWholeAcrossProcesses() throws Exception {
    onProcesses(() -> numericArraysArriveWhole("across processes"));
  }

  private int cli(String... args) {
    return CliGcsOptionTest.miniray(home, args);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void valuesOfAnySizeArriveWholeThroughTheInMemoryGcs() {
    embedded("memory", 3, 16 * MIB);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void valuesOfAnySizeArriveWholeThroughTheZooKeeperGcs() {
    embedded("zookeeper", 3, 16 * MIB);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void valuesOfAnySizeArriveWholeThroughTheRemoteGcsOfAClusterOfProcesses() throws Exception {
    processes(3, 16 * MIB);
  }

  @Test
  @Tag("stress")
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void valuesUpTo64MiBArriveWholeThroughEveryGcsStress() throws Exception {
    embedded("memory", 40, 64 * MIB);
    slowestNanos = 0;
    embedded("zookeeper", 40, 64 * MIB);
    slowestNanos = 0;
    processes(40, 64 * MIB);
  }
}
