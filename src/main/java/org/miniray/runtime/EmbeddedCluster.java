package org.miniray.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.miniray.actor.ActorSupervisor;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.fault.FaultInjector;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.NodeInfo;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.node.Node;
import org.miniray.node.NodeServices;
import org.miniray.objectstore.ObjectStores;
import org.miniray.scheduler.global.GlobalSchedulerReplicas;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskSpec;
import org.miniray.transport.FaultyTransport;
import org.miniray.transport.Transport;
import org.miniray.transport.Transports;

/**
 * A whole cluster in one JVM: the composition root that reads the configuration, picks each
 * component's implementation by name, and wires them (paper figure 5).
 */
public final class EmbeddedCluster implements Deployment {
  private final MinirayConfig config;
  /** What nodes get: {@code config}, with no result pushing unless asked for (see {@link #nodeConfig}). */
  private final MinirayConfig nodeConfig;
  private final FaultyTransport transport;
  private final Clock clock = Clock.SYSTEM;
  private final Serializer serializer;
  private final FunctionManager functions;
  private final ControlPlane control;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Consumer<Node>> everyNode = new ArrayList<>();
  private final FaultInjector faults;
  private final DriverJob job;

  public EmbeddedCluster(MinirayConfig config) {
    this.config = config;
    this.nodeConfig = nodeConfig(config);
    this.serializer = Serializers.selector().create(config);
    this.functions = FunctionManager.forThisThread();
    // Every message goes through the fault injector's transport; with no fault on it only passes them on.
    this.transport = new FaultyTransport(Transports.selector().create(config), config.get(Keys.SEED));
    this.control = new ControlPlane(config, transport, serializer, clock);
    this.faults = new FaultInjector(this::nodes, transport);
    try {
      int n = config.get(Keys.NODES);
      for (int i = 0; i < n; i++) {
        addNode(resourcesOf(config, i));
      }
      // The driver program runs in this JVM and submits through the first node.
      this.job = DriverJob.register(control.gcs(), driverNode().id(), "localhost", clock, config);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Between nodes of one JVM a pull is a few method calls, so pushing small results to their owner
   * ({@link Keys#OBJECT_PUSH_MAX_BYTES}) gains little here; and with it off, a result lives only
   * where it was made, the paper's model that lineage and its demonstrations rely on. A value set
   * explicitly is kept.
   */
  private static MinirayConfig nodeConfig(MinirayConfig config) {
    String push = Keys.OBJECT_PUSH_MAX_BYTES.name();
    return config.raw(push) != null ? config : config.with(push, "0");
  }

  /** Starts one more node with these resources (a node joining the cluster); returns it. */
  public synchronized Node addNode(ResourceSet resources) {
    NodeId id = new NodeId("node-" + nodes.size());
    Node node = new Node(new NodeInfo(id, "in-jvm:" + id, resources), nodeConfig, ObjectStores.forNode(id).create(config),
        clock, new NodeServices(control.gcsHearingHeartbeats(), transport.from(id), control.global(), control.lineage(),
            serializer, functions));
    node.beforeEachAttempt(faults::beforeAttempt);
    nodes.add(node);
    everyNode.forEach(c -> c.accept(node));
    return node;
  }

  /**
   * Runs {@code setUp} on every node, now and as each later one joins: how the runtime's reference
   * counter hears of every result stored in this JVM (every node's results are its to count).
   */
  public synchronized void onEveryNode(Consumer<Node> setUp) {
    everyNode.add(setUp);
    nodes.forEach(setUp);
  }

  /** Kills nodes, crashes workers and disturbs the network, for tests, labs and demos. */
  public FaultInjector faults() {
    return faults;
  }

  @Override
  public void actorCreated(ActorId id) {
    control.actors().watch(id);
  }

  /** Restarts actors whose node died; every actor created in this cluster is watched. */
  public ActorSupervisor actorSupervisor() {
    return control.actors();
  }

  /** See {@link ControlPlane#restartGlobalScheduler}. */
  public List<TaskSpec> restartGlobalScheduler(int replica) {
    return control.restartGlobalScheduler(replica);
  }

  /** The global scheduler replicas, for tests and demos that stop one. */
  public GlobalSchedulerReplicas globalSchedulers() {
    return control.global();
  }

  /** Node {@code i}'s resources: its own key, else the shared one; CPUs default to the processors here. */
  static ResourceSet resourcesOf(MinirayConfig config, int i) {
    String own = config.raw("miniray.node." + i + ".resources");
    String text = own != null ? own : config.get(Keys.NODE_RESOURCES);
    ResourceSet r;
    try {
      r = ResourceSet.parse(text);
    } catch (IllegalArgumentException e) {
      throw new org.miniray.config.ConfigException("bad resources for node " + i + ": " + e.getMessage(), e);
    }
    if (r.get(ResourceSet.CPU) == 0 && !text.replace(" ", "").contains("CPU=0")) {
      r = r.plus(ResourceSet.of(ResourceSet.CPU, Runtime.getRuntime().availableProcessors()));
    }
    return r;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public MinirayConfig config() {
    return config;
  }

  @Override
  public Gcs gcs() {
    return control.gcs();
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
  public synchronized Node driverNode() {
    return nodes.get(0);
  }

  public synchronized List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public Transport transport() {
    return transport;
  }

  /** The events every node and the global scheduler kept, in time order. */
  @Override
  public List<Event> events() {
    List<Event> all = new ArrayList<>(control.events().snapshot());
    for (Node n : nodes) {
      all.addAll(n.events().snapshot());
    }
    all.sort(Comparator.comparingLong(Event::nanos));
    return all;
  }

  @Override
  public org.miniray.id.JobId job() {
    return job.id();
  }

  @Override
  public void close() {
    if (job != null) { // null when the constructor failed before registering
      job.finish();
    }
    control.stopMonitoring();
    for (Node n : nodes) {
      n.close();
    }
    control.close();
    transport.close();
  }
}
