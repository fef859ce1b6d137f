package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.miniray.common.Clock;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.gcs.NodeInfo;
import org.miniray.id.NodeId;
import org.miniray.node.Node;
import org.miniray.node.NodeServices;
import org.miniray.objectstore.ObjectStores;
import org.miniray.task.ResourceSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every process of a cluster is: a node, named for its role and its address, behind the
 * process's port, answering for its own events. The process's role (head, node, driver) decides
 * the {@link NodeServices} it is given: the head's own control plane, or the head's, reached over
 * the network.
 */
final class ClusterMember implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);

  private final MinirayConfig config;
  private final ProcessNetwork net;
  private final NodeServices services;
  private final Supplier<List<Event>> roleEvents;
  private final Node node;
  private final ClusterEvents clusterEvents;

  /**
   * Opens the process's port (with whatever the role registered on {@code net}'s handlers) and
   * starts its node.
   *
   * @param roleEvents what the role's own parts recorded (the head's control plane), beside the node's
   */
  ClusterMember(String role, ProcessNetwork net, MinirayConfig config, ResourceSet resources, NodeServices services,
      Supplier<List<Event>> roleEvents) {
    this.config = config;
    this.net = net;
    this.services = services;
    this.roleEvents = roleEvents;
    ClusterEvents.serveOn(net.handlers(), this::localEvents);
    InetSocketAddress me = net.listen(services.gcs().nodeTable());
    String address = me.getHostString() + ":" + me.getPort();
    NodeId id = new NodeId(role + "@" + address);
    this.node = new Node(new NodeInfo(id, address, resources), config, ObjectStores.forNode(id).create(config),
        Clock.SYSTEM, services);
    this.clusterEvents = new ClusterEvents(services.gcs().nodeTable(), net::connect, address, this::localEvents,
        Duration.ofSeconds(10));
    log.info("{} {} listening on {}", role, id, me);
  }

  MinirayConfig config() {
    return config;
  }

  NodeServices services() {
    return services;
  }

  Node node() {
    return node;
  }

  InetSocketAddress address() {
    return net.address();
  }

  /** The events of every process of the cluster that answers, oldest first. */
  List<Event> clusterEvents() {
    return clusterEvents.gather();
  }

  /** This process's own events: its node's, and its role's. */
  private List<Event> localEvents() {
    List<Event> mine = new ArrayList<>(node.events().snapshot());
    mine.addAll(roleEvents.get());
    mine.sort(Comparator.comparingLong(Event::nanos));
    return mine;
  }

  /** Closes the node and the network; the role's own parts are the caller's to close after. */
  @Override
  public void close() {
    clusterEvents.close();
    node.close();
    net.close();
  }
}
