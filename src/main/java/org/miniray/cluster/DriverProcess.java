package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.miniray.config.MinirayConfig;
import org.miniray.function.FunctionManager;
import org.miniray.id.JobId;
import org.miniray.node.NodeServices;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterToken;

/**
 * A driver program's process joined to a head: a node with no resources of its own, through which
 * the program's tasks enter the cluster (they go to the head node's local scheduler), and which
 * holds the program's {@code put} objects and ships its code.
 */
final class DriverProcess extends JoinedProcess {
  // Task and object ids derive from the job id, so a driver must not reuse an earlier driver's
  // (it would find that driver's objects under its own ids): it is drawn at random, not from
  // miniray.seed, which every driver would share.
  private final JobId job = new JobId(ThreadLocalRandom.current().nextInt(2, Integer.MAX_VALUE));

  private DriverProcess(RemoteHead head, ClusterMember member) {
    super(head, member);
  }

  /** Connects a driver, listening on {@code host} (any free port), to the head at {@code head}. */
  static DriverProcess connect(MinirayConfig config, InetSocketAddress head, String host, ClusterToken token) {
    ProcessNetwork net = new ProcessNetwork(config, host, 0, token, "a driver");
    RemoteHead remote = new RemoteHead(net, head);
    // A job's code travels through the function table: its driver ships it, nodes load it per job.
    FunctionManager functions = FunctionManager.forThisThread(remote.gcs().functionTable(), true);
    ClusterMember member = new ClusterMember("driver", net, config, ResourceSet.EMPTY, new NodeServices(remote.gcs(),
        net.transport(), remote.driverSubmissions(), remote.lineage(), net.serializer(), functions), List::of);
    return new DriverProcess(remote, member);
  }

  @Override
  public JobId job() {
    return job;
  }

  /**
   * A driver that ends says so at once, rather than being found silent by the failure detector
   * ten seconds later: status and the dashboard then show its job's driver as ended, and the
   * head drops its objects' locations now.
   */
  @Override
  void leaving(RemoteHead head) {
    try {
      head.gcs().nodeTable().markDead(member().node().id()).get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // The head is gone or slow: its failure detector will find this driver silent instead.
    }
  }
}
