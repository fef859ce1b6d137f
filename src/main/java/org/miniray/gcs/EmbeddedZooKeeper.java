package org.miniray.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * ZooKeeper servers inside this JVM, listening on 127.0.0.1 only: the one a
 * {@link ZooKeeperGcs} starts when no ensemble is configured, and the ensembles of the failover
 * test, {@link GcsBenchmark} and {@code make figures} (figure 10a).
 */
public final class EmbeddedZooKeeper {
  private EmbeddedZooKeeper() {}

  /** One started server with ZooKeeper's default tick. */
  static TestingServer server() throws Exception {
    return new TestingServer(spec(-1, -1), true);
  }

  /**
   * {@code n} servers (not started). The tick is ZooKeeper's unit of time: a short one makes
   * elections after a failure quick, and also caps session timeouts at 20 ticks.
   */
  public static TestingCluster cluster(int n, int tickMillis) {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(spec(i, tickMillis));
    }
    return new TestingCluster(specs);
  }

  /** The server of {@code cluster} that leads now, asked with ZooKeeper's "srvr" command; null if none. */
  public static InstanceSpec leader(TestingCluster cluster) {
    for (InstanceSpec s : cluster.getInstances()) {
      if (mode(s).contains("leader")) {
        return s;
      }
    }
    return null;
  }

  private static String mode(InstanceSpec s) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", s.getPort()), 1_000);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      for (String line : reply.split("\n")) {
        if (line.startsWith("Mode:")) {
          return line;
        }
      }
      return "";
    } catch (IOException down) {
      return "";
    }
  }

  private static InstanceSpec spec(int serverId, int tickMillis) {
    return new InstanceSpec(null, -1, -1, -1, true, serverId, tickMillis, -1,
        Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
  }
}
