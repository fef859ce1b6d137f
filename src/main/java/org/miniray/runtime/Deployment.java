package org.miniray.runtime;

import java.util.List;
import org.miniray.common.Clock;
import org.miniray.config.MinirayConfig;
import org.miniray.events.Event;
import org.miniray.function.FunctionManager;
import org.miniray.gcs.Gcs;
import org.miniray.node.Node;
import org.miniray.serialization.Serializer;
import org.miniray.transport.Transport;

/**
 * What the runtime needs of the cluster it runs on: an embedded cluster in this JVM
 * ({@link EmbeddedCluster}) or a connection to a cluster of processes. The driver's calls go
 * through {@link #driverNode()}.
 */
public interface Deployment extends AutoCloseable {

  MinirayConfig config();

  Gcs gcs();

  Transport transport();

  Serializer serializer();

  FunctionManager functions();

  /**
   * The job of the driver program that runs on this deployment, as the GCS job table numbered it.
   * Task and object ids derive from it, so two drivers of one cluster must not share it. A process
   * that runs no driver (a head, a node) has job 0, which the job table never gives out.
   */
  default org.miniray.id.JobId job() {
    return new org.miniray.id.JobId(0);
  }

  /** Where the runtime reads the time (timeouts of {@code get} and {@code wait}). */
  default Clock clock() {
    return Clock.SYSTEM;
  }

  /** The node the driver program submits through. */
  Node driverNode();

  /**
   * Actor {@code id} was just registered: whatever restarts actors after node deaths should look
   * after it (the embedded cluster's {@code ActorSupervisor}); by default nothing does.
   */
  default void actorCreated(org.miniray.id.ActorId id) {}

  /**
   * Whether the driver's tasks reach a process that writes their task-table rows itself: a driver
   * process's do (its node, which has no resources, hands every task that asks for some to the head
   * node's local scheduler, {@code Node.submitFromDriver}, in one message that carries the row), so
   * the runtime does not add their rows first. By default (an embedded cluster) the runtime adds
   * every task's row before it submits it.
   */
  default boolean driverSubmitsCarryRows() {
    return false;
  }

  /** The events this process can see, in time order. */
  List<Event> events();

  @Override
  void close();
}
