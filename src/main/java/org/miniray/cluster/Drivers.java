package org.miniray.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.runtime.Deployment;
import org.miniray.transport.netty.ClusterToken;

/** How {@code Ray.init("HOST:PORT")} (or {@code "HOST:PORT,HOST:PORT"}, a head and its standbys) joins a cluster: as a driver process with no resources of its own. */
public final class Drivers {
  private Drivers() {}

  /**
   * Joins the cluster whose head is at {@code address}: HOST:PORT, or HOST:PORT,HOST:PORT,... for
   * a head and its standbys (the driver follows whichever is active).
   */
  public static Deployment connect(MinirayConfig config, String address) {
    List<InetSocketAddress> heads = ClusterProcess.parseAddresses(address);
    ClusterToken token = ClusterToken.readFrom(Path.of(config.get(Keys.TOKEN_FILE)));
    return DriverProcess.connect(config, heads, listenHost(heads.get(0)), token);
  }

  /**
   * Where a driver listens: on the address of this machine that the head is reached through. Nodes
   * pull the driver's {@code put} objects from it, so on several machines it must be an address they
   * can reach; with a head on loopback it is 127.0.0.1, as everything else is by default.
   */
  static String listenHost(InetSocketAddress head) {
    if (head.getAddress() == null) {
      throw new IllegalArgumentException("cannot resolve the head's host " + head.getHostString());
    }
    if (head.getAddress().isLoopbackAddress()) {
      return InetAddress.getLoopbackAddress().getHostAddress();
    }
    // Connecting a UDP socket sends nothing; it only asks the OS which local address routes there.
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(head);
      InetAddress local = probe.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
          : local.getHostAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a local address that reaches the head at " + head, e);
    }
  }
}
