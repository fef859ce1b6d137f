package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.util.List;
import org.miniray.api.Ray;
import org.miniray.config.MinirayConfig;
import org.miniray.function.FunctionManager;
import org.miniray.node.NodeServices;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterToken;

/**
 * A node joined to a head: it runs tasks and actors, forwards what its local scheduler does not
 * keep to the head's global scheduler, and reaches the rest of the control plane through the head.
 */
final class NodeProcess extends JoinedProcess {
  private NodeProcess(RemoteHead head, ClusterMember member) {
    super(head, member);
  }

  /**
   * Starts a node listening on {@code host:port} (port 0: any free port) that joins whichever of
   * {@code heads} is the active head.
   */
  static NodeProcess join(MinirayConfig config, List<InetSocketAddress> heads, String host, int port, ResourceSet resources,
      ClusterToken token) {
    ProcessNetwork net = new ProcessNetwork(config, host, port, token, "a node");
    RemoteHead remote = new RemoteHead(net, heads);
    FunctionManager functions = FunctionManager.forThisThread(remote.gcs().functionTable(), false);
    ClusterMember member = new ClusterMember("node", net, config, resources, new NodeServices(remote.gcs(),
        net.transport(), remote.globalScheduler(), remote.lineage(), net.serializer(), functions,
        WorkerProcess.poolFor(config, () -> heads, host, net)), List::of);
    NodeProcess node = new NodeProcess(remote, member);
    node.watchHead();
    // Tasks running here call the API too (nested tasks, get, actors): they use this process.
    Ray.initWorker(new MinirayRuntime(node));
    return node;
  }
}
