package org.miniray.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.miniray.actor.ActorSupervisor;
import org.miniray.api.Ray;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.dashboard.ClusterView;
import org.miniray.dashboard.Dashboard;
import org.miniray.events.Event;
import org.miniray.events.EventRecorder;
import org.miniray.events.RingBufferRecorder;
import org.miniray.fault.NodeMonitor;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.remote.GcsMessages;
import org.miniray.gcs.remote.GcsService;
import org.miniray.gcs.remote.RemoteGcs;
import org.miniray.gcs.selector.GlobalControlStores;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.lineage.LineageReplayer;
import org.miniray.lineage.TaskTableLineageReplayer;
import org.miniray.gcs.NodeInfo;
import org.miniray.node.Node;
import org.miniray.node.NodeServices;
import org.miniray.objectstore.ObjectStores;
import org.miniray.runtime.Deployment;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.global.PolicyGlobalScheduler;
import org.miniray.scheduler.policy.SchedulingPolicies;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;
import org.miniray.serialization.WireCodec;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.NettyTransport;
import org.miniray.transport.netty.NodeMessages;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcConnection;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a miniray cluster, wired from its parts (paper figure 5):
 * <ul>
 *   <li>the <b>head</b> holds the GCS (served to the others by {@link GcsService}), the global
 *       scheduler, the failure detector, the fault tolerance that needs one owner (the lineage
 *       replayer every process asks, {@link RemoteLineageReplayer}, and the actor supervisor)
 *       and a node;
 *   <li>a <b>node</b> joins the head: a {@link RemoteGcs}, a remote global scheduler and a node;
 *   <li>a <b>driver</b> is a node with no resources of its own, through which a program's tasks
 *       enter the cluster: they are all forwarded to the global scheduler.
 * </ul>
 * Each process listens on one port, for everything, and every connection authenticates with
 * the cluster token first.
 */
public final class ClusterProcess implements Deployment {
  private static final Logger log = LoggerFactory.getLogger(ClusterProcess.class);

  /** One-way to the head: an {@link ActorId} just registered, for the head's actor supervisor to watch. */
  static final int WATCH_ACTOR = 222;

  /** What a process is for. */
  public enum Role {
    HEAD,
    NODE,
    DRIVER
  }

  private final MinirayConfig config;
  private final Role role;
  private final Serializer serializer;
  private final WireCodec codec;
  private final FunctionManager functions;
  private final JobId job;
  private final Gcs gcs;
  private final NettyTransport transport;
  private final GlobalScheduler global;
  private final RpcServer server;
  private final Node node;
  private final Subscription addressBook;
  private final NodeMonitor monitor;
  /** The head's global scheduler and failure detector report here; other processes have none. */
  private final EventRecorder headEvents;
  private final ClusterEvents clusterEvents;
  private final Dashboard dashboard;
  private final LineageReplayer lineage;
  private final ActorSupervisor actors; // on the head only: it restarts the actors of dead nodes
  private final RpcClient toHead; // null on the head
  private final ConcurrentHashMap<NodeId, InetSocketAddress> addresses = new ConcurrentHashMap<>();

  private ClusterProcess(MinirayConfig config, Role role, InetSocketAddress head, String host, int port,
      ResourceSet resources, ClusterToken token) {
    this.config = config;
    this.role = role;
    Clock clock = Clock.SYSTEM;
    this.serializer = Serializers.selector().create(config);
    this.codec = new WireCodec(serializer);
    RpcConfig rpc = RpcConfig.defaults().withHost(host).withPort(port)
        .withIdleTimeout(java.time.Duration.ofMillis(config.get(Keys.RPC_IDLE_TIMEOUT_MS)));
    this.transport = new NettyTransport(codec, rpc, token, addresses::get);
    GcsService gcsService = null;
    this.headEvents = role == Role.HEAD
        ? RingBufferRecorder.forNode("global-scheduler", clock, config.get(Keys.EVENTS_ENABLED),
            config.get(Keys.EVENTS_CAPACITY))
        : EventRecorder.OFF;
    if (role == Role.HEAD) {
      this.gcs = GlobalControlStores.selector().create(config);
      gcsService = new GcsService(gcs, codec);
      PolicyGlobalScheduler scheduler = new PolicyGlobalScheduler(gcs, transport,
          SchedulingPolicies.selector().create(config), clock, config.get(Keys.INFEASIBLE_TIMEOUT_MS), headEvents);
      // A head restarted on a GCS that outlived it (--gcs zk://...) takes back the tasks its
      // predecessor held; on a new GCS there are none.
      scheduler.recover(CompletableFuture.completedFuture(null)).whenComplete((taken, e) -> {
        if (e != null) {
          log.warn("the global scheduler could not read the task table to take back forwarded tasks: {}", e.toString());
        } else if (!taken.isEmpty()) {
          log.info("the global scheduler took back {} forwarded tasks from the GCS", taken.size());
        }
      });
      this.global = scheduler;
      this.lineage = new TaskTableLineageReplayer(gcs, global, serializer, headEvents);
      this.actors = new ActorSupervisor(gcs, global, headEvents);
      this.toHead = null;
    } else {
      RemoteGcs remote = RemoteGcs.connect(codec, rpc, token, head);
      this.gcs = remote;
      this.global = role == Role.DRIVER ? RemoteGlobalScheduler.forDriver(remote.client(), codec)
          : new RemoteGlobalScheduler(remote.client(), codec);
      this.lineage = new RemoteLineageReplayer(remote.client(), codec);
      this.actors = null;
      this.toHead = remote.client();
    }
    // A job's code travels through the function table: its driver ships it, nodes load it per job.
    this.functions = FunctionManager.forThisThread(gcs.functionTable(), role == Role.DRIVER);
    this.server = RpcServer.start(rpc, token, new Router(gcsService));
    this.addressBook = gcs.nodeTable().subscribe(e -> {
      InetSocketAddress a = parse(e.info().address());
      if (a != null) {
        addresses.put(e.info().id(), a);
      }
    });
    InetSocketAddress me = server.localAddress();
    NodeId id = new NodeId(role.name().toLowerCase() + "@" + me.getHostString() + ":" + me.getPort());
    this.node = new Node(new NodeInfo(id, me.getHostString() + ":" + me.getPort(), resources), config,
        ObjectStores.selector().create(config), clock, new NodeServices(gcs, transport, global, lineage, serializer,
        functions));
    // Task and object ids derive from the job id, so a driver must not reuse an earlier driver's
    // (it would find that driver's objects under its own ids): it is drawn at random, not from
    // miniray.seed, which every driver would share. Processes that are not drivers run no job of
    // their own.
    this.job = role == Role.DRIVER ? new JobId(ThreadLocalRandom.current().nextInt(2, Integer.MAX_VALUE))
        : new JobId(1);
    this.monitor = role == Role.HEAD
        ? new NodeMonitor(gcs, clock, config.get(Keys.HEARTBEAT_TIMEOUT_MS), headEvents)
        : null;
    this.clusterEvents = new ClusterEvents(gcs.nodeTable(), codec, rpc, token, me.getHostString() + ":" + me.getPort(),
        this::localEvents, Duration.ofSeconds(10));
    this.dashboard = role == Role.HEAD ? startDashboard(token) : null;
    if (role != Role.DRIVER) {
      // Tasks running here call the API too (nested tasks, get, actors): they use this process.
      Ray.initWorker(new MinirayRuntime(this));
    }
    log.info("{} {} listening on {}", role.name().toLowerCase(), id, me);
  }

  /** Starts a head listening on {@code host:port} (port 0: any free port). */
  public static ClusterProcess head(MinirayConfig config, String host, int port, ResourceSet resources,
      ClusterToken token) {
    return new ClusterProcess(config, Role.HEAD, null, host, port, resources, token);
  }

  /** Starts a node (or a driver, with no resources) that joins the head at {@code head}. */
  public static ClusterProcess join(MinirayConfig config, Role role, InetSocketAddress head, String host, int port,
      ResourceSet resources, ClusterToken token) {
    if (role == Role.HEAD) {
      throw new IllegalArgumentException("a head does not join; use head(...)");
    }
    return new ClusterProcess(config, role, head, host, port, resources, token);
  }

  /** HOST:PORT as {@code miniray start} prints it; a clear error when it is not that. */
  public static InetSocketAddress parseAddress(String text) {
    InetSocketAddress a = parse(text);
    if (a == null) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (for example 127.0.0.1:6379)");
    }
    return a;
  }

  private static InetSocketAddress parse(String text) {
    if (text == null) {
      return null;
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || text.startsWith("in-jvm:")) {
      return null;
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      return port < 1 || port > 65535 ? null : new InetSocketAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Sends each message to the part of this process that handles its type. */
  private final class Router implements RpcHandler {
    private final GcsService gcsService;

    Router(GcsService gcsService) {
      this.gcsService = gcsService;
    }

    @Override
    public CompletableFuture<byte[]> onRequest(RpcConnection from, int type, byte[] body) {
      if (GcsMessages.isGcs(type) && gcsService != null) {
        return gcsService.onRequest(from, type, body);
      }
      if (RemoteLineageReplayer.handles(type) && role == Role.HEAD) {
        return RemoteLineageReplayer.serve(lineage, codec, type, body);
      }
      if (NodeMessages.isNode(type)) {
        return transport.onRequest(from, type, body);
      }
      if (type == ClusterEvents.EVENTS) {
        return CompletableFuture.completedFuture(ClusterEvents.reply(codec, localEvents()));
      }
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "this " + role.name().toLowerCase() + " does not serve requests of type " + type));
    }

    @Override
    public void onOneWay(RpcConnection from, int type, byte[] body) {
      if (GcsMessages.isGcs(type) && gcsService != null) {
        gcsService.onOneWay(from, type, body);
      } else if (type == RemoteGlobalScheduler.SCHEDULE && role == Role.HEAD) {
        global.schedule((TaskSpec) codec.decode(body));
      } else if (type == RemoteGlobalScheduler.SUBMIT && role == Role.HEAD && node != null) {
        node.submitFromDriver((TaskSpec) codec.decode(body));
      } else if (type == WATCH_ACTOR && actors != null) {
        actors.watch((ActorId) codec.decode(body));
      } else if (NodeMessages.isNode(type)) {
        transport.onOneWay(from, type, body);
      } else {
        log.warn("{} sent message type {}, which this {} does not take; ignored", from, type,
            role.name().toLowerCase());
      }
    }

    @Override
    public void onDisconnect(RpcConnection c) {
      if (gcsService != null) {
        gcsService.onDisconnect(c);
      }
    }
  }

  public Role role() {
    return role;
  }

  /** Where this process listens: the address others join (for the head) or reach it by. */
  public InetSocketAddress address() {
    return server.localAddress();
  }

  public Node node() {
    return node;
  }

  @Override
  public MinirayConfig config() {
    return config;
  }

  @Override
  public Gcs gcs() {
    return gcs;
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public Serializer serializer() {
    return serializer;
  }

  @Override
  public FunctionManager functions() {
    return functions;
  }

  @Override
  public JobId job() {
    return job;
  }

  @Override
  public Node driverNode() {
    return node;
  }

  @Override
  public void actorCreated(ActorId id) {
    if (actors != null) {
      actors.watch(id);
    } else {
      try {
        toHead.send(WATCH_ACTOR, codec.encode(id));
      } catch (RuntimeException e) {
        log.warn("cannot ask the head to look after actor {}; it will not be restarted if its node dies: {}", id,
            e.toString());
      }
    }
  }

  /** The events of every process of the cluster that answers, oldest first (one request to each). */
  @Override
  public List<Event> events() {
    return clusterEvents.gather();
  }

  /** This process's own events: its node's, and on the head the global scheduler's. */
  private List<Event> localEvents() {
    List<Event> mine = new ArrayList<>(node.events().snapshot());
    mine.addAll(headEvents.snapshot());
    mine.sort(Comparator.comparingLong(Event::nanos));
    return mine;
  }

  /**
   * The head's dashboard on 127.0.0.1, {@code miniray.dashboard.port}; none when the port is -1
   * or taken. Loopback only, whatever the head's host: it is plain HTTP, and a token sent over a
   * network in the clear is a token given away (reach it from elsewhere with {@code ssh -L}).
   */
  private Dashboard startDashboard(ClusterToken token) {
    int port = config.get(Keys.DASHBOARD_PORT);
    if (port < 0) {
      return null;
    }
    try {
      return Dashboard.start("127.0.0.1", port, token, ClusterView.of(gcs, clusterEvents::gather, Duration.ofSeconds(1)));
    } catch (IllegalStateException e) {
      log.warn("the head runs without its dashboard: {} (set miniray.dashboard.port or --dashboard-port)",
          e.getMessage());
      return null;
    }
  }

  /** Where the head's dashboard is, if it runs here. */
  public Optional<String> dashboardUrl() {
    return Optional.ofNullable(dashboard).map(Dashboard::url);
  }

  @Override
  public void close() {
    if (dashboard != null) {
      dashboard.close();
    }
    clusterEvents.close();
    if (monitor != null) {
      monitor.close();
    }
    node.close();
    lineage.close();
    if (actors != null) {
      actors.close();
    }
    addressBook.close();
    global.close();
    server.close();
    transport.close();
    gcs.close();
  }
}
