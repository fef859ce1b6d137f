package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.node.TaskContext;
import org.miniray.task.ResourceSet;

/** The global half of the scheduler: replicas, and tasks that wait for a node able to run them. */
class GlobalSchedulingTest {

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  static String whereAmI(int i) {
    return TaskContext.current().node().id().value();
  }

  private static EmbeddedCluster cluster() {
    return ((MinirayRuntime) Ray.internal()).cluster();
  }

  @Test
  void stoppingOneGlobalSchedulerReplicaLeavesTheOthersScheduling() {
    // Threshold 0: every task that cannot start at once goes through the global schedulers.
    Ray.init(Map.of("miniray.nodes", "3", "miniray.node.resources", "CPU=1",
        "miniray.scheduler.global.replicas", "3", "miniray.scheduler.local.queue.threshold", "0"));
    List<ObjectRef<String>> first = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      first.add(Ray.task(GlobalSchedulingTest::whereAmI, i).remote());
    }
    cluster().globalSchedulers().kill(0);
    List<ObjectRef<String>> second = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      second.add(Ray.task(GlobalSchedulingTest::whereAmI, i).remote());
    }
    assertThat(Ray.get(first, 60_000)).hasSize(300);
    assertThat(Ray.get(second, 60_000)).hasSize(300).contains("node-1", "node-2");
    assertThat(cluster().globalSchedulers().liveReplicas()).isEqualTo(2);
  }

  @Test
  void infeasibleTaskRunsWhenANodeWithTheResourceJoins() {
    Ray.init(Map.of("miniray.node.resources", "CPU=1", "miniray.scheduler.infeasible.timeout.ms", "60000"));
    ObjectRef<String> r = Ray.task(GlobalSchedulingTest::whereAmI, 0).setResource("TPU", 1.0).remote();
    assertThat(Ray.wait(List.of(r), 1, 200).getReady()).isEmpty();
    cluster().addNode(ResourceSet.parse("CPU=1,TPU=2"));
    assertThat(r.get(30_000)).isEqualTo("node-1");
  }
}
