package org.miniray.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.miniray.api.Ray;
import org.miniray.common.Clock;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.function.FunctionManager;
import org.miniray.node.NodeServices;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.worker.ProcessWorkers;
import org.miniray.worker.RemoteWorkers;

/**
 * A worker process of a node in {@code miniray.worker.mode=process}: it joins the head as a node
 * with no resources of its own (so nothing is scheduled on it), runs the tasks its node sends it
 * ({@code NodeService.runTask}), and calls the API for them like any node (nested tasks, get,
 * put). Its node starts it ({@link #command}) and reads {@code READY <node id>} from its output;
 * it ends when its standard input closes, that is when its node's process does.
 */
final class WorkerProcess extends JoinedProcess {
  private WorkerProcess(RemoteHead head, ClusterMember member) {
    super(head, member);
  }

  static WorkerProcess join(MinirayConfig config, List<InetSocketAddress> heads, String host, ClusterToken token) {
    ProcessNetwork net = new ProcessNetwork(config, host, 0, token, "a worker");
    RemoteHead remote = new RemoteHead(net, heads);
    FunctionManager functions = FunctionManager.forThisThread(remote.gcs().functionTable(), false);
    ClusterMember member = new ClusterMember("worker", net, config, ResourceSet.EMPTY, new NodeServices(remote.gcs(),
        net.transport(), remote.globalScheduler(), remote.lineage(), net.serializer(), functions), List::of);
    WorkerProcess worker = new WorkerProcess(remote, member);
    Ray.initWorker(new MinirayRuntime(worker));
    return worker;
  }

  /**
   * The worker processes of a node of {@code miniray.worker.mode=process}, or null for one whose
   * tasks run on its threads; a clear error for any other mode.
   *
   * @param heads where the head and its standbys listen, asked when the first worker starts (the
   *     head itself knows only once it listens)
   */
  static RemoteWorkers poolFor(MinirayConfig config, Supplier<List<InetSocketAddress>> heads, String host,
      ProcessNetwork net) {
    String mode = config.get(Keys.WORKER_MODE);
    return switch (mode) {
      case "thread" -> null;
      case "process" -> new ProcessWorkers(() -> command(config, heads.get(), host), net.transport(), Clock.SYSTEM);
      default -> throw new ConfigException(Keys.WORKER_MODE.name() + " = '" + mode + "': a node runs its tasks on "
          + "threads (thread) or in worker processes (process)");
    };
  }

  /**
   * How a node started with {@code config} and joined to {@code heads} starts a worker: this JVM's
   * java and classpath, the node's configuration as system properties, the JVM options of
   * {@code MINIRAY_WORKER_JVM_OPTS} (a heap size, say).
   */
  static List<String> command(MinirayConfig config, List<InetSocketAddress> heads, String host) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String jvmOpts = System.getenv("MINIRAY_WORKER_JVM_OPTS");
    if (jvmOpts != null && !jvmOpts.isBlank()) {
      cmd.addAll(List.of(jvmOpts.trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    for (Map.Entry<String, String> e : config.explicitValues().entrySet()) {
      if (!e.getKey().equals(Keys.WORKER_MODE.name())) {
        cmd.add("-D" + e.getKey() + "=" + e.getValue());
      }
    }
    cmd.add(WorkerProcess.class.getName());
    cmd.add(ClusterProcess.text(heads));
    cmd.add(host);
    return cmd;
  }

  /** Joins the head given as the first argument, listening on the host given as the second. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: WorkerProcess HEAD_HOST:PORT[,HOST:PORT...] LISTEN_HOST (started by a node, not by hand)");
      System.exit(2);
    }
    MinirayConfig config = MinirayConfig.load(Map.of());
    ClusterToken token = ClusterToken.readFrom(Path.of(config.get(Keys.TOKEN_FILE)));
    WorkerProcess worker = join(config, ClusterProcess.parseAddresses(args[0]), args[1], token);
    System.out.println("READY " + worker.member().node().id());
    System.out.flush();
    InputStream parent = System.in;
    while (parent.read() >= 0) {
      // nothing is sent: the stream only ends when the node's process does
    }
    worker.close();
    System.exit(0);
  }
}
