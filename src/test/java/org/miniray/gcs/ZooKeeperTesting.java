package org.miniray.gcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/** Embedded ZooKeeper servers for tests, listening on 127.0.0.1 only. */
final class ZooKeeperTesting {
  private ZooKeeperTesting() {}

  static TestingServer loopbackServer() throws Exception {
    return new TestingServer(spec(-1, -1), true);
  }

  /** {@code n} servers with a short tick, so that elections after a failure are quick. */
  static TestingCluster loopbackCluster(int n, int tickMillis) {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(spec(i, tickMillis));
    }
    return new TestingCluster(specs);
  }

  private static InstanceSpec spec(int serverId, int tickMillis) {
    return new InstanceSpec(null, -1, -1, -1, true, serverId, tickMillis, -1,
        Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
  }
}
