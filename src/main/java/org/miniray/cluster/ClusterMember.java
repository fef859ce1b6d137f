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
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeEntry;
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
    NodeId id = incarnation(services.gcs(), role, address);
    this.node = new Node(new NodeInfo(id, address, resources), config, ObjectStores.forNode(id).create(config),
        Clock.SYSTEM, services);
    this.clusterEvents = new ClusterEvents(services.gcs().nodeTable(), net::connect, address, this::localEvents,
        Duration.ofSeconds(10));
    log.info("{} {} listening on {}", role, id, me);
  }

  /**
   * The id this process joins under: {@code role@address}, unless the node table already holds
   * that id (a process was at this address before: a head restarted at its port on a GCS that
   * outlived it), then {@code role@address#n}, the next incarnation. Lineage and the task table
   * know work by the node it ran on, so a new process must not pass for the old one. A predecessor
   * the table still holds alive is dead (nobody else can listen at this address now): it is declared
   * dead here and its copies dropped at once, not a heartbeat timeout later, so that what it held is
   * rebuilt, and what it was running runs again. Likewise for a head, any other head the table
   * holds alive: one head serves a GCS at a time ({@link HeadLatch}), so a standby that took over
   * declares the head it replaced dead at once, wherever that one listened.
   */
  private static NodeId incarnation(Gcs gcs, String role, String address) {
    String base = role + "@" + address;
    List<NodeEntry> all = gcs.nodeTable().all().join();
    List<NodeEntry> known = all.stream()
        .filter(n -> n.info().id().value().equals(base) || n.info().id().value().startsWith(base + "#")).toList();
    for (NodeEntry n : all) {
      boolean predecessor = known.contains(n);
      if (n.alive() && (predecessor || role.equals("head") && n.info().id().value().startsWith("head@"))) {
        log.warn("{} was alive in the node table, but {}: declaring it dead", n.info().id(), predecessor
            ? "this process now listens at its address" : "this head now serves the cluster in its place");
        gcs.nodeTable().markDead(n.info().id()).join();
        gcs.objectTable().removeNode(n.info().id()).join();
      }
    }
    return known.isEmpty() ? new NodeId(base) : new NodeId(base + "#" + (known.size() + 1));
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
