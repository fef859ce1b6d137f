package org.miniray.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.miniray.common.Clock;

/** The GCS contract on one embedded ZooKeeper server; each test gets a cluster name of its own. */
class ZooKeeperGcsTest extends GcsContractTest {
  private static TestingServer server;
  private static int clusters;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedZooKeeper.server();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Gcs createGcs() {
    return new ZooKeeperGcs(server.getConnectString(), 4, Clock.SYSTEM,
        ZooKeeperGcs.Options.defaults().withCluster("contract-" + (++clusters)));
  }
}
