package org.miniray.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.NodeLoad;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.transport.netty.Protocol.Message;
import picocli.CommandLine.Command;

/** {@code miniray status}: the nodes of the cluster and their load. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the cluster's nodes: alive or dead, resources, queues, object stores (in memory, capacity, "
        + "spilled to disk), forwarding.")
final class StatusCommand extends GcsReadingCommand {
  private static final String HEADS = "; heads: ";

  @Override
  int read(String where, RemoteGcs gcs) throws Exception {
    List<NodeEntry> nodes = gcs.nodeTable().all().get(10, TimeUnit.SECONDS);
    List<NodeEntry> workers = nodes.stream().filter(n -> !isDriver(n)).toList();
    var connected = gcs.client().connection().serverAddress();
    String at = connected.getHostString() + ":" + connected.getPort();
    System.out.println("Cluster at " + (at.equals(where) ? where : at + " (the head answering of " + where + ")") + ": " + workers.stream().filter(NodeEntry::alive).count() + " of "
        + workers.size() + " nodes alive, " + (nodes.size() - workers.size()) + (nodes.size() - workers.size() == 1 ? " driver" : " drivers")
        + " (one per job)");
    String settings = headSettings(gcs);
    int heads = settings.indexOf(HEADS);
    System.out.println("Scheduling: " + (heads < 0 ? settings : settings.substring(0, heads)));
    // A head on a GCS outside it names the heads of its election, the active one and its standbys.
    System.out.println("Heads: " + (heads >= 0 ? settings.substring(heads + HEADS.length())
        : settings.startsWith("unknown") ? "unknown" : at + " (active; with its GCS inside it, no head stands by)"));
    List<JobEntry> jobs = gcs.jobTable().all().get(10, TimeUnit.SECONDS);
    System.out.println("Jobs: " + jobs.size() + ", " + jobs.stream().filter(j -> !j.state().isEnded()).count()
        + " running (miniray jobs lists them)");
    String row = "%-32s %-6s %-22s %-22s %6s %8s %17s %8s %11s %s%n";
    System.out.printf(row, "node", "state", "resources", "free", "queue", "objects", "memory/capacity MB",
        "spilled", "spilled MB", "forwarded (queue/resources)");
    for (NodeEntry n : nodes) {
      NodeLoad l = n.load();
      String state = isDriver(n) ? (n.alive() ? "driver" : "ended") : n.alive() ? "alive" : "dead";
      System.out.printf(row, n.info().id(), state,
          n.info().total(), l == null ? "-" : l.available(), l == null ? "-" : l.queueLength(),
          l == null ? "-" : l.objectCount(),
          l == null ? "-" : String.format("%.1f/%.1f", l.storeBytes() / 1e6, l.storeCapacityBytes() / 1e6),
          l == null ? "-" : l.spilledCount(),
          l == null ? "-" : String.format("%.1f", l.spilledBytes() / 1e6),
          l == null ? "-" : l.forwardedForQueue() + "/" + l.forwardedForResources());
    }
    return 0;
  }

  /** What the head says of itself; a head that does not answer is named, not fatal: the table follows. */
  private static String headSettings(RemoteGcs gcs) {
    try {
      return gcs.client().<String>call(Message.HEAD_SETTINGS, null).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "unknown (the head did not answer: " + (e.getCause() != null ? e.getCause() : e) + ")";
    }
  }

  /** A driver is a job's program: when it ends its job has finished, nothing failed. */
  private static boolean isDriver(NodeEntry n) {
    return n.info().id().value().startsWith("driver@");
  }
}
