package org.miniray.fault;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.miniray.id.NodeId;
import org.miniray.node.Node;
import org.miniray.task.TaskSpec;
import org.miniray.transport.NetworkFaults;

/**
 * Breaks an embedded cluster on purpose, for tests, labs and demos ({@code cluster.faults()}).
 * Every fault is injected from outside the code under test: a killed node is stopped as a crash
 * would stop it, a crashed worker dies with an {@link Error} in the middle of its attempt, and
 * message faults happen in the transport.
 */
public final class FaultInjector {

  /** What a crashed worker dies with. */
  public static final class WorkerCrash extends Error {
    public WorkerCrash(String message) {
      super(message);
    }
  }

  private final Supplier<List<Node>> nodes;
  private final NetworkFaults network;
  private final ConcurrentHashMap<String, AtomicInteger> crashes = new ConcurrentHashMap<>();

  public FaultInjector(Supplier<List<Node>> nodes, NetworkFaults network) {
    this.nodes = nodes;
    this.network = network;
  }

  /**
   * Kills node {@code id}: its heartbeats stop, peers cannot reach it, its object store and
   * actors are gone, and its running tasks' results are never published. The node monitor
   * declares it dead after {@code miniray.heartbeat.timeout.ms}.
   */
  public void kill(NodeId id) {
    node(id).kill();
  }

  /** Kills the {@code i}-th node (0 is the driver's: killing it ends the driver's work too). */
  public void kill(int i) {
    nodes.get().get(i).kill();
  }

  /** The next {@code times} attempts of tasks named {@code taskName} die with a {@link WorkerCrash}. */
  public void crashWorkers(String taskName, int times) {
    crashes.computeIfAbsent(taskName, n -> new AtomicInteger()).addAndGet(times);
  }

  /** What every node runs before each task attempt; throws when a crash is due. */
  public void beforeAttempt(TaskSpec spec) {
    AtomicInteger left = crashes.get(spec.name());
    if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new WorkerCrash("injected crash of the worker running " + spec);
    }
  }

  /** The network: drop, delay and reorder messages, partition nodes. */
  public NetworkFaults network() {
    return network;
  }

  /** Shorthand for {@code network().partition(side)}. */
  public void partition(Collection<NodeId> side) {
    network.partition(side);
  }

  /** Ends network faults. */
  public void heal() {
    network.heal();
  }

  private Node node(NodeId id) {
    for (Node n : nodes.get()) {
      if (n.id().equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node " + id + " in this cluster");
  }
}
