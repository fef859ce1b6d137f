package org.miniray.gcs.zookeeper;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.GcsContractTest;

/**
 * The GCS contract on a GCS kept in ZooKeeper: one embedded ZooKeeper server per test class,
 * and a cluster name of its own for each test, so tests never see each other's znodes.
 */
public abstract class ZooKeeperContractTest extends GcsContractTest {
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

  /** The embedded server's connect string. */
  protected static String connectString() {
    return server.getConnectString();
  }

  /** A cluster name no other test of this class uses: {@code prefix} and a number. */
  protected static String freshCluster(String prefix) {
    return prefix + (++clusters);
  }

  private ZooKeeperGcs.Options current;

  @Override
  protected final Gcs createGcs() {
    current = ZooKeeperGcs.Options.defaults().withCluster(freshCluster(clusterPrefix()));
    return createGcs(connectString(), current);
  }

  /** A new client of the test's cluster: it reads the cluster's znodes from the start, as a head started again does. */
  @Override
  protected final Gcs openAnotherClient() {
    return createGcs(connectString(), current);
  }

  /** What each test's cluster name starts with. */
  protected abstract String clusterPrefix();

  /** The GCS under test on the server at {@code connect}, in the cluster {@code options} name. */
  protected abstract Gcs createGcs(String connect, ZooKeeperGcs.Options options);
}
