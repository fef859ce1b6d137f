package org.miniray.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.miniray.transport.netty.Protocol;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.NodeObjects;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.Protocol.ListObjects;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.WireClient;
import picocli.CommandLine.Command;

/**
 * {@code miniray memory}, as Ray's {@code ray memory}: the live objects of the cluster grouped by
 * job, one row per copy: the object, its size, the node that holds the copy, in memory or spilled,
 * primary or secondary, and the user's line that made it. Each live node is asked once
 * ({@code LIST_OBJECTS}, on its process's authenticated port) for its store's copies and the call
 * sites of the objects it owns; an object whose task has not finished yet has a call site and no
 * copy ("pending").
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "List the cluster's live objects by job: object id, size, each copy's node, in memory or spilled, "
        + "primary or secondary, and the call site that made it (recorded when the driver sets "
        + "miniray.memory.call.sites=true).")
final class MemoryCommand extends GcsReadingCommand {
  static final String NOT_RECORDED = "not recorded (miniray.memory.call.sites=true)";
  private static final long TIMEOUT_S = 30;

  @Override
  int read(String where, RemoteGcs gcs) throws Exception {
    List<NodeEntry> nodes = gcs.nodeTable().all().get(TIMEOUT_S, TimeUnit.SECONDS);
    List<JobEntry> jobs = gcs.jobTable().all().get(TIMEOUT_S, TimeUnit.SECONDS);
    WireCodec codec = Protocol.codec();
    ClusterToken token = ClusterToken.readFrom(cli.tokenFile());
    List<NodeObjects> listings = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    Map<String, WireClient> clients = new HashMap<>();
    try {
      for (NodeEntry n : nodes) {
        if (!n.alive()) {
          continue;
        }
        try {
          WireClient c = clients.computeIfAbsent(n.info().address(), a -> ProcessNetwork.connect(codec,
              RpcConfig.defaults(), token, ClusterProcess.parseAddress(a)));
          listings.add(c.<NodeObjects>call(Message.LIST_OBJECTS, new ListObjects(n.info().id()))
              .get(TIMEOUT_S, TimeUnit.SECONDS));
        } catch (Exception e) {
          silent.add(n.info().id() + " (" + (e.getCause() != null ? e.getCause() : e) + ")");
        }
      }
    } finally {
      clients.values().forEach(c -> c.connection().close());
    }
    System.out.print(render(where, jobs, listings, silent));
    return 0;
  }

  /** One copy of an object, or none yet (a result not made yet: {@code copy} null). */
  private record Row(ObjectId id, String node, NodeObjects.Copy copy) {}

  /** The listing: a summary line, then per job a heading and one row per copy. */
  static String render(String where, List<JobEntry> jobs, List<NodeObjects> listings, List<String> silent) {
    Map<ObjectId, String> sites = new HashMap<>();
    Map<ObjectId, List<Row>> byObject = new LinkedHashMap<>();
    for (NodeObjects l : listings) {
      sites.putAll(l.callSites());
      for (NodeObjects.Copy c : l.copies()) {
        byObject.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(new Row(c.id(), l.node().value(), c));
      }
    }
    for (NodeObjects l : listings) {
      for (ObjectId owned : l.callSites().keySet()) {
        byObject.computeIfAbsent(owned, k -> List.of(new Row(owned, l.node().value(), null)));
      }
    }
    Map<Integer, List<Row>> byJob = new TreeMap<>();
    byObject.forEach((id, rows) -> byJob.computeIfAbsent(id.task().jobTag(), k -> new ArrayList<>()).addAll(rows));
    long memory = 0;
    long spilled = 0;
    for (List<Row> rows : byObject.values()) {
      for (Row r : rows) {
        if (r.copy() != null) {
          memory += r.copy().spilled() ? 0 : r.copy().sizeBytes();
          spilled += r.copy().spilled() ? r.copy().sizeBytes() : 0;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Cluster at %s: %d objects in %d jobs on %d nodes, %.1f MB in memory, "
        + "%.1f MB spilled%n", where, byObject.size(), byJob.size(), listings.size(), memory / 1e6, spilled / 1e6));
    for (String s : silent) {
      out.append("No answer from node ").append(s).append(": its objects are not listed\n");
    }
    String row = "  %-26s %12s  %-34s %-8s %-10s %s%n";
    for (Map.Entry<Integer, List<Row>> j : byJob.entrySet()) {
      List<Row> rows = j.getValue();
      rows.sort(Comparator.comparing((Row r) -> r.id().toString()).thenComparing(Row::node));
      long objects = rows.stream().map(Row::id).distinct().count();
      out.append('\n').append(jobHeading(j.getKey(), jobs)).append(": ").append(objects)
          .append(objects == 1 ? " object" : " objects").append('\n');
      out.append(String.format(Locale.ROOT, row, "object", "size (bytes)", "node", "where", "copy", "call site"));
      for (Row r : rows) {
        NodeObjects.Copy c = r.copy();
        out.append(String.format(Locale.ROOT, row, r.id(), c == null ? "-" : Long.toString(c.sizeBytes()), r.node(),
            c == null ? "pending" : c.spilled() ? "spilled" : "memory", c == null ? "-" : c.primary() ? "primary"
                : "secondary", sites.getOrDefault(r.id(), NOT_RECORDED)));
      }
    }
    return out.toString();
  }

  /** The job whose tasks carry {@code tag} (the latest such job: tags repeat every 65,536 jobs). */
  private static String jobHeading(int tag, List<JobEntry> jobs) {
    JobEntry latest = null;
    for (JobEntry j : jobs) {
      if (TaskId.jobTag(j.id()) == tag && (latest == null || j.id().value() > latest.id().value())) {
        latest = j;
      }
    }
    if (latest == null) {
      return tag == 0 ? "Job 00000000 (the cluster's own processes)" : "Job with tag " + tag + " (not in the job table)";
    }
    return "Job " + latest.id() + " (" + latest.state() + ", driver " + latest.info().driver()
        + (latest.info().entryPoint() == null ? "" : ", " + latest.info().entryPoint()) + ")";
  }
}
