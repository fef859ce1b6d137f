package org.miniray.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.miniray.api.Ray;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.dashboard.ClusterView;
import org.miniray.dashboard.Dashboard;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.remote.GcsService;
import org.miniray.id.ActorId;
import org.miniray.node.NodeServices;
import org.miniray.runtime.ControlPlane;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.Protocol.DriverTasks;
import org.miniray.transport.netty.Protocol.HeadInfo;
import org.miniray.transport.netty.Protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head of a cluster: its {@link ControlPlane} (GCS, global scheduler, node monitor, lineage
 * replayer, actor supervisor), served to the other processes over the protocol, and a node. Other
 * processes' GCS calls reach {@link GcsService}; their forwarded tasks, the global scheduler; their
 * drivers' tasks, this node's local scheduler; their lineage questions and new actors, the
 * replayer and the supervisor. The dashboard, if enabled, runs here.
 */
final class HeadProcess implements ClusterProcess {
  private static final Logger log = LoggerFactory.getLogger(HeadProcess.class);

  private final ControlPlane control;
  private final ClusterMember member;
  private final Dashboard dashboard;
  private final HeadInfo info;

  private HeadProcess(MinirayConfig config, String host, int port, ResourceSet resources, ClusterToken token,
      Supplier<String> settings) {
    ProcessNetwork net = new ProcessNetwork(config, host, port, token, "the head");
    this.info = infoOf(config);
    this.control = new ControlPlane(config, net.transport(), net.serializer(), Clock.SYSTEM);
    new GcsService(control.gcs(), net.codec(), control.monitor()::heartbeatArrived).serveOn(net.handlers());
    RemoteLineageReplayer.serveOn(net.handlers(), control.lineage());
    RemoteGlobalScheduler.serveOn(net.handlers(), control.global());
    net.handlers()
        .take(Message.SUBMIT_FROM_DRIVER, (from, spec) -> submitFromDriver((TaskSpec) spec))
        // In the order submitted: each task's row is appended as it is taken, so the rows of a
        // batch go out together in the GCS's next log batch.
        .take(Message.SUBMIT_FROM_DRIVER_BATCH, (from, m) -> ((DriverTasks) m).tasks().forEach(this::submitFromDriver))
        .take(Message.WATCH_ACTOR, (from, actor) -> control.actors().watch((ActorId) actor))
        .answer(Message.HEAD_SETTINGS, (from, none) -> CompletableFuture.completedFuture(settings.get()))
        .answer(Message.HEAD_INFO, (from, none) -> CompletableFuture.completedFuture(info));
    // A job's code travels through the function table: its driver ships it, nodes load it per job.
    FunctionManager functions = FunctionManager.forThisThread(control.gcs().functionTable(), false);
    this.member = new ClusterMember("head", net, config, resources, new NodeServices(control.gcs(), net.transport(),
        control.global(), control.lineage(), net.serializer(), functions,
        WorkerProcess.poolFor(config, () -> List.of(net.address()), host, net)), control.events()::snapshot);
    // A head restarted on a GCS that outlived it (--gcs zk://...) takes back the tasks its
    // predecessor held; on a new GCS there are none. Only now: its node has joined and declared
    // the predecessor dead (ClusterMember), so nothing is placed on the old process.
    control.takeBackForwarded().whenComplete((taken, e) -> {
      if (e != null) {
        log.warn("the global scheduler could not read the task table to take back forwarded tasks: {}", e.toString());
      } else if (!taken.isEmpty()) {
        log.info("the global scheduler took back {} forwarded tasks from the GCS", taken.size());
      }
    });
    this.dashboard = startDashboard(config, token);
  }

  /**
   * Starts a head listening on {@code host:port} (port 0: any free port), which tells whoever asks
   * ({@code miniray status}) its {@code settings}: its policy, its GCS, where its logs are, and
   * which heads stand by.
   */
  static HeadProcess start(MinirayConfig config, String host, int port, ResourceSet resources, ClusterToken token,
      Supplier<String> settings) {
    HeadProcess head = new HeadProcess(config, host, port, resources, token, settings);
    // Tasks running here call the API too (nested tasks, get, actors): they use this process.
    Ray.initWorker(new MinirayRuntime(head));
    return head;
  }

  /**
   * What this head tells the processes joined to it ({@link HeadWatch}): a fresh incarnation, and
   * whether its GCS outlives it: only the zookeeper GCS on an ensemble outside the head does; the
   * in-head ZooKeeper server and the memory GCS die with the head.
   */
  static HeadInfo infoOf(MinirayConfig config) {
    String gcs = config.get(Keys.GCS);
    String ensemble = config.get(Keys.GCS_ZOOKEEPER_CONNECT);
    boolean outlives = gcs.equals("zookeeper") && !ensemble.isBlank();
    return new HeadInfo(UUID.randomUUID().toString(), outlives ? "zk://" + ensemble : gcs, outlives,
        config.get(Keys.HEARTBEAT_TIMEOUT_MS));
  }

  // A message may come before this process has its node: it is then answered with an error.
  private void submitFromDriver(TaskSpec spec) {
    member.node().submitFromDriver(spec);
  }

  @Override
  public ClusterMember member() {
    return member;
  }

  @Override
  public void actorCreated(ActorId id) {
    control.actors().watch(id);
  }

  /**
   * The head's dashboard on 127.0.0.1, {@code miniray.dashboard.port}; none when the port is -1
   * or taken. Loopback only, whatever the head's host: it is plain HTTP, and a token sent over a
   * network in the clear is a token given away (reach it from elsewhere with {@code ssh -L}).
   */
  private Dashboard startDashboard(MinirayConfig config, ClusterToken token) {
    int port = config.get(Keys.DASHBOARD_PORT);
    if (port < 0) {
      return null;
    }
    try {
      return Dashboard.start("127.0.0.1", port, token,
          ClusterView.of(control.gcs(), member::clusterEvents, Duration.ofSeconds(1)));
    } catch (IllegalStateException e) {
      log.warn("the head runs without its dashboard: {} (set miniray.dashboard.port or --dashboard-port)",
          e.getMessage());
      return null;
    }
  }

  @Override
  public Optional<String> dashboardUrl() {
    return Optional.ofNullable(dashboard).map(Dashboard::url);
  }

  @Override
  public void close() {
    if (dashboard != null) {
      dashboard.close();
    }
    control.stopMonitoring();
    member.close();
    control.close();
  }
}
