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
import org.miniray.gcs.memory.InMemoryGcs;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;

/** Embedded Ray.init() keeps the GCS in memory unless told otherwise; miniray.gcs=zookeeper starts a server in the JVM. */
class ZooKeeperGcsByConfigTest {
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
  void embeddedClusterKeepsItsGcsInMemoryByDefault() {
    Ray.init();
    assertThat(((MinirayRuntime) Ray.internal()).cluster().gcs()).isInstanceOf(InMemoryGcs.class);
  }

  @Test
  @Timeout(60)
  void embeddedClusterRunsTasksOnAZooKeeperGcsWhenConfigured() {
    Ray.init(Map.of("miniray.gcs", "zookeeper", "miniray.nodes", "2"));
    assertThat(((MinirayRuntime) Ray.internal()).cluster().gcs()).isInstanceOf(ZooKeeperGcs.class);
    List<ObjectRef<Integer>> sums = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sums.add(Ray.task(ZooKeeperGcsByConfigTest::add, Ray.task(ZooKeeperGcsByConfigTest::square, i).remote(), 1)
          .remote());
    }
    int total = 0;
    for (ObjectRef<Integer> r : sums) {
      total += r.get();
    }
    assertThat(total).as("sum of i*i+1 for i < 50, through lineage kept in ZooKeeper").isEqualTo(40_425 + 50);
  }
}
