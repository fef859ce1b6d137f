package org.miniray.fault;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.ObjectEntry;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.runtime.EmbeddedCluster;
import org.miniray.runtime.MinirayRuntime;
import org.miniray.runtime.ObjectRefImpl;

/** Helpers of the fault-tolerance tests: small clusters with fast failure detection, and execution counts. */
final class FaultClusters {
  private FaultClusters() {}

  static final long HEARTBEAT_MS = 20;
  // Short enough for quick tests, long enough that a loaded test JVM does not miss it by accident.
  static final long TIMEOUT_MS = 400;

  /**
   * What lab graders add: a built-in policy, so that a lab's grade does not depend on lab 2; and a
   * slower failure detector, so that a loaded grading machine (a JVM pause of most of a second was
   * seen) does not declare live nodes dead; and events on, so that a failing grader's run keeps its
   * graph and timeline ({@code org.miniray.labs.FailedRuns}).
   */
  static final Map<String, String> GRADING = Map.of("miniray.scheduler.policy", "least-loaded",
      "miniray.heartbeat.timeout.ms", "1000", "miniray.events.enabled", "true");

  /** How often each labelled task body ran, by label (a run on a node that was killed counts too). */
  static final ConcurrentHashMap<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();

  static void ran(String label) {
    EXECUTIONS.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet();
  }

  static int executions(String label) {
    AtomicInteger n = EXECUTIONS.get(label);
    return n == null ? 0 : n.get();
  }

  /** Starts Ray with {@code nodes} nodes and fast heartbeats; {@code perNode} gives node i's resources. */
  static EmbeddedCluster start(int nodes, Map<Integer, String> perNode, Map<String, String> more) {
    Map<String, String> c = new HashMap<>(Map.of("miniray.nodes", Integer.toString(nodes),
        "miniray.node.resources", "CPU=2", "miniray.heartbeat.interval.ms", Long.toString(HEARTBEAT_MS),
        "miniray.heartbeat.timeout.ms", Long.toString(TIMEOUT_MS), "miniray.events.enabled", "false"));
    perNode.forEach((i, r) -> c.put("miniray.node." + i + ".resources", r));
    c.putAll(more);
    Ray.init(c);
    return cluster();
  }

  static EmbeddedCluster cluster() {
    return ((MinirayRuntime) Ray.internal()).cluster();
  }

  static ObjectId idOf(ObjectRef<?> ref) {
    return ((ObjectRefImpl<?>) ref).id();
  }

  /** Waits until the object table lists a copy of {@code ref}; returns where. */
  static NodeId awaitLocation(ObjectRef<?> ref) {
    ObjectId id = idOf(ref);
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
        .until(() -> cluster().gcs().objectTable().lookup(id).join().map(ObjectEntry::locations)
            .flatMap(l -> l.stream().findFirst()), Optional::isPresent).get();
  }

  static boolean isDead(NodeId id) {
    return cluster().gcs().nodeTable().all().join().stream()
        .anyMatch(e -> e.info().id().equals(id) && !e.alive());
  }

  static void awaitDeath(NodeId id) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> isDead(id));
  }

  static NodeEntry entry(NodeId id) {
    return cluster().gcs().nodeTable().all().join().stream().filter(e -> e.info().id().equals(id)).findFirst()
        .orElseThrow();
  }
}
