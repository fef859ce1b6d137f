package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.miniray.api.exception.RayException;
import org.miniray.node.TaskContext;

/** Resources decide where tasks run: GPUs, custom resources, fractions, and demands no node meets. */
class ResourcesTest {
  static volatile CountDownLatch together;

  @BeforeAll
  static void start() {
    Ray.init(Map.of(
        "miniray.nodes", "3",
        "miniray.node.resources", "CPU=2",
        "miniray.node.1.resources", "CPU=2,GPU=1",
        "miniray.node.2.resources", "CPU=2,dataset=1",
        // Long enough that a loaded machine still delivers every node's join before a GPU task gives up.
        "miniray.scheduler.infeasible.timeout.ms", "3000"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  static String whereAmI() {
    return TaskContext.current().node().id().value();
  }

  static boolean meetTheOthers() throws InterruptedException {
    together.countDown();
    return together.await(20, TimeUnit.SECONDS);
  }

  @Test
  void taskNeedingAGpuRunsOnlyOnTheNodeWithOne() {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      refs.add(Ray.task(ResourcesTest::whereAmI).setResource("GPU", 1.0).remote());
    }
    assertThat(Ray.get(refs)).containsOnly("node-1");
  }

  @Test
  void customResourcePicksItsNode() {
    assertThat(Ray.task(ResourcesTest::whereAmI).setResource("dataset", 0.5).remote().get()).isEqualTo("node-2");
  }

  @Test
  void fractionalCpusLetMoreTasksRunAtOnce() {
    // Four tasks of half a CPU each must all run at once on node-1's two CPUs (they pin there via the GPU share).
    together = new CountDownLatch(4);
    List<ObjectRef<Boolean>> refs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refs.add(Ray.task(ResourcesTest::meetTheOthers).setResources(Map.of("CPU", 0.5, "GPU", 0.25)).remote());
    }
    assertThat(Ray.get(refs)).containsOnly(true);
  }

  @Test
  void taskNoNodeCanRunFailsWithAClearErrorInsteadOfHanging() {
    ObjectRef<String> r = Ray.task(ResourcesTest::whereAmI).setResource("TPU", 1.0).remote();
    assertThatThrownBy(() -> r.get(30_000)).isInstanceOf(RayException.class)
        .hasMessageContaining("TPU").hasMessageContaining("no node can provide");
  }
}
