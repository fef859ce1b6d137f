package org.miniray.gcs.zookeeper.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.common.Clock;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.gcs.zookeeper.ZooKeeperContractTest;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;

/**
 * The whole GCS contract on lab 5's {@link ZooKeeperSimpleGcs} (one embedded ZooKeeper server,
 * a cluster name per test). Lab 5's graders ({@code Lab5GcsContractTest}) are the task and object
 * table part of it.
 */
class ZooKeeperSimpleGcsTest extends ZooKeeperContractTest {
  @Override
  protected String clusterPrefix() {
    return "simple-";
  }

  @Override
  protected Gcs createGcs(String connect, ZooKeeperGcs.Options options) {
    return new ZooKeeperSimpleGcs(connect, 4, Clock.SYSTEM, options);
  }

  @Test
  void oneConfigLineSelectsIt() {
    MinirayConfig config = MinirayConfig.of(Map.of("miniray.gcs", "zookeeper-simple",
        "miniray.gcs.zookeeper.connect", connectString(), "miniray.gcs.zookeeper.cluster", "selected"));
    try (Gcs selected = GlobalControlStores.selector().create(config)) {
      assertThat(selected).isInstanceOf(ZooKeeperSimpleGcs.class);
      done(selected.taskTable().add(spec(task(1), 0)));
      assertThat(done(selected.taskTable().lookup(task(1)))).isPresent();
    }
  }
}
