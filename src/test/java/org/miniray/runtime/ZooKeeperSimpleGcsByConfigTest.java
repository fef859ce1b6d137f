package org.miniray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.zookeeper.simple.ZooKeeperSimpleGcs;

/** Lab 5's GCS under the whole runtime: one config line, and a job's tasks and objects go through its znodes. */
class ZooKeeperSimpleGcsByConfigTest {
  static int square(int x) {
    return x * x;
  }

  static int add(int a, int b) {
    return a + b;
  }

  @AfterEach
  void shutdown() {
    Ray.shutdown();
  }

  @Test
  @Timeout(60)
  void embeddedClusterRunsTasksOnTheSimpleZooKeeperGcs() {
    Ray.init(Map.of("miniray.gcs", "zookeeper-simple", "miniray.nodes", "2"));
    assertThat(((MinirayRuntime) Ray.internal()).cluster().gcs()).isInstanceOf(ZooKeeperSimpleGcs.class);
    List<ObjectRef<Integer>> sums = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sums.add(Ray.task(ZooKeeperSimpleGcsByConfigTest::add, Ray.task(ZooKeeperSimpleGcsByConfigTest::square, i)
          .remote(), 1).remote());
    }
    int total = 0;
    for (ObjectRef<Integer> r : sums) {
      total += r.get();
    }
    assertThat(total).as("sum of i*i+1 for i < 50, tasks and objects recorded one znode each").isEqualTo(40_425 + 50);
  }
}
