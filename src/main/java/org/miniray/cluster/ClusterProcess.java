package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.node.Node;
import org.miniray.runtime.Deployment;
import org.miniray.serialization.Serializer;
import org.miniray.transport.Transport;

/**
 * One process of a miniray cluster (paper figure 5): a {@link HeadProcess}, a {@link NodeProcess}
 * or a {@link DriverProcess}. Each is a {@link ClusterMember} (a node, listening on one port for
 * everything, every connection authenticated with the cluster token) plus what its role adds.
 */
interface ClusterProcess extends Deployment {

  /** The parts every process has. */
  ClusterMember member();

  /** Where this process listens: the address others join (for the head) or reach it by. */
  default InetSocketAddress address() {
    return member().address();
  }

  default Node node() {
    return member().node();
  }

  /** Where the head's dashboard is, if it runs here. */
  default Optional<String> dashboardUrl() {
    return Optional.empty();
  }

  @Override
  default MinirayConfig config() {
    return member().config();
  }

  @Override
  default Gcs gcs() {
    return member().services().gcs();
  }

  @Override
  default Transport transport() {
    return member().services().transport();
  }

  @Override
  default Serializer serializer() {
    return member().services().serializer();
  }

  @Override
  default FunctionManager functions() {
    return member().services().functions();
  }

  @Override
  default Node driverNode() {
    return member().node();
  }

  /** The events of every process of the cluster that answers, oldest first (one request to each). */
  @Override
  default List<Event> events() {
    return member().clusterEvents();
  }

  /**
   * HOST:PORT,HOST:PORT,...: a head and its standbys, any of which may be the active one; a clear
   * error naming the entry that is not HOST:PORT.
   */
  static List<InetSocketAddress> parseAddresses(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no head address given: give HOST:PORT, or HOST:PORT,HOST:PORT,... for a "
          + "head and its standbys");
    }
    List<InetSocketAddress> heads = new java.util.ArrayList<>();
    for (String one : text.split(",", -1)) {
      InetSocketAddress a = ProcessNetwork.parse(one.trim());
      if (a == null) {
        throw new IllegalArgumentException("'" + one.trim() + "' in the head addresses '" + text + "' is not HOST:PORT"
            + " (for example 127.0.0.1:6379, or 10.0.0.1:6379,10.0.0.2:6379 for a head and its standby)");
      }
      heads.add(a);
    }
    return List.copyOf(heads);
  }

  /** The addresses as {@link #parseAddresses} reads them. */
  static String text(List<InetSocketAddress> heads) {
    return String.join(",", heads.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
  }

  /** HOST:PORT as {@code miniray start} prints it; a clear error when it is not that. */
  static InetSocketAddress parseAddress(String text) {
    InetSocketAddress a = ProcessNetwork.parse(text);
    if (a == null) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (for example 127.0.0.1:6379)");
    }
    return a;
  }
}
