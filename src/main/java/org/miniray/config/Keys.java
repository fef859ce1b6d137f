package org.miniray.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Every configuration key miniray reads, with its default and meaning. */
public final class Keys {
  private Keys() {}

  // --- The embedded cluster -------------------------------------------------------------
  public static final ConfigKey<Integer> NODES = ConfigKey.integer("miniray.nodes", 1, 1,
      "how many nodes Ray.init() starts inside this JVM");
  public static final ConfigKey<String> NODE_RESOURCES = ConfigKey.string("miniray.node.resources", "",
      "resources of every node, NAME=AMOUNT,... (CPU defaults to the available processors); "
          + "miniray.node.<i>.resources overrides them for node i");
  public static final ConfigKey<Long> SEED = ConfigKey.longValue("miniray.seed", 42, Long.MIN_VALUE,
      "seed of every random choice (scheduling policies, fault injection)");

  // --- A cluster of processes ------------------------------------------------------------
  public static final ConfigKey<String> ADDRESS = ConfigKey.string("miniray.address", "",
      "HOST:PORT of a cluster's head for Ray.init() to join (HOST:PORT,HOST:PORT,... for a head and its standbys: "
          + "the driver follows whichever is active); empty starts an embedded cluster");
  public static final ConfigKey<String> TOKEN_FILE = ConfigKey.string("miniray.cluster.token.file",
      System.getProperty("user.home") + "/.miniray/cluster.token",
      "the file holding the cluster token (written by `miniray start --head`, readable by its user only)");
  public static final ConfigKey<Long> RPC_IDLE_TIMEOUT_MS = ConfigKey.longValue("miniray.rpc.idle.timeout.ms",
      30_000, 0,
      "a connection between processes on which nothing arrives for this long is closed (a half-open one is "
          + "noticed); each side pings after a third of it; 0 turns both off");
  public static final ConfigKey<Long> HEARTBEAT_TIMEOUT_MS = ConfigKey.longValue("miniray.heartbeat.timeout.ms", 2000, 1,
      "how long a node may go without a heartbeat before the head marks it dead");
  public static final ConfigKey<Long> HEAD_RETRY_TIMEOUT_MS = ConfigKey.longValue("miniray.head.retry.timeout.ms",
      60_000, 0,
      "how long a node's or a driver's calls to the GCS and the global scheduler are retried while the head cannot "
          + "be reached (it may be restarting, with its GCS outside it) before they fail naming the head; 0 fails "
          + "them at once");
  public static final ConfigKey<Integer> DASHBOARD_PORT = ConfigKey.integer("miniray.dashboard.port", 8265, -1,
      "port of the head's dashboard (on 127.0.0.1); 0 picks a free port, -1 starts none");

  // --- Component choices (a built-in name or a fully qualified class name) ----------------
  public static final ConfigKey<String> GCS = ConfigKey.string("miniray.gcs", "memory",
      "the Global Control Store implementation");
  public static final ConfigKey<Integer> GCS_SHARDS = ConfigKey.integer("miniray.gcs.shards", 4, 1,
      "how many shards each GCS table is split into, by id hash");
  public static final ConfigKey<String> GCS_ZOOKEEPER_CONNECT = ConfigKey.string("miniray.gcs.zookeeper.connect", "",
      "ZooKeeper ensemble of the zookeeper GCS, HOST:PORT,...; empty starts an embedded one-server ZooKeeper "
          + "in this process, owned and closed by the GCS");
  public static final ConfigKey<String> GCS_ZOOKEEPER_CLUSTER = ConfigKey.string("miniray.gcs.zookeeper.cluster",
      "default", "name of this miniray cluster; its GCS lives under /miniray/<name> in ZooKeeper");
  public static final ConfigKey<Integer> GCS_ZOOKEEPER_SESSION_TIMEOUT_MS = ConfigKey.integer(
      "miniray.gcs.zookeeper.session.timeout.ms", 4_000, 1,
      "ZooKeeper session timeout of the zookeeper GCS client; also bounds how long it tries one server");
  public static final ConfigKey<Integer> GCS_ZOOKEEPER_CONNECTION_TIMEOUT_MS = ConfigKey.integer(
      "miniray.gcs.zookeeper.connection.timeout.ms", 2_000, 1,
      "how long one attempt of a zookeeper GCS call waits for a connection before it is retried");
  public static final ConfigKey<Integer> GCS_ZOOKEEPER_WRITE_TIMEOUT_MS = ConfigKey.integer(
      "miniray.gcs.zookeeper.write.timeout.ms", 60_000, 1,
      "how long the zookeeper GCS keeps resending a write ZooKeeper cannot take (an election, a lost quorum) "
          + "before it fails the write");
  public static final ConfigKey<Integer> GCS_BATCH_MAX_ENTRIES = ConfigKey.integer("miniray.gcs.batch.max.entries",
      2_000, 1, "most writes the zookeeper GCS puts in one ZooKeeper transaction");
  public static final ConfigKey<Integer> GCS_BATCH_MAX_DELAY_MS = ConfigKey.integer("miniray.gcs.batch.max.delay.ms",
      2, 0, "how long the zookeeper GCS waits for more writes to join a batch");
  public static final ConfigKey<Integer> GCS_BATCH_MAX_IN_FLIGHT = ConfigKey.integer(
      "miniray.gcs.batch.max.in.flight", 4, 1,
      "how many ZooKeeper transactions of one zookeeper GCS client may be outstanding at once (pipelining)");
  public static final ConfigKey<Integer> GCS_COMPACTION_SEGMENTS = ConfigKey.integer(
      "miniray.gcs.compaction.segments", 200, 0,
      "log segments after which a zookeeper GCS log is compacted into a snapshot, once they also hold as many "
          + "bytes as the previous snapshot (0: never)");
  public static final ConfigKey<String> GCS_RETENTION = ConfigKey.parsed("miniray.gcs.retention", "keep-all", s -> {
    if (!s.equals("keep-all") && !s.equals("drop-finished-jobs")) {
      throw new IllegalArgumentException("unknown policy");
    }
    return s;
  }, "keep-all or drop-finished-jobs",
      "what the GCS keeps of a finished job: keep-all, or drop-finished-jobs (its task rows and code go)");
  public static final ConfigKey<String> OBJECT_STORE = ConfigKey.string("miniray.objectstore", "heap",
      "the per-node object store implementation");
  public static final ConfigKey<Long> OBJECT_STORE_CAPACITY = ConfigKey.longValue(
      "miniray.objectstore.capacity.bytes", 2L << 30, 1,
      "bytes of objects a node's object store keeps in memory; beyond them it evicts copies it does not own and "
          + "spills its own to miniray.objectstore.spill.dir");
  public static final ConfigKey<Path> OBJECT_STORE_SPILL_DIR = ConfigKey.parsed("miniray.objectstore.spill.dir",
      Path.of(System.getProperty("java.io.tmpdir"), "miniray-spill-" + System.getProperty("user.name")).toString(),
      Keys::spillDirectory, "a directory path (made if missing), not an existing file",
      "where object stores spill objects to local disk: one subdirectory per node, emptied when the node starts "
          + "and removed when it stops (default: miniray-spill-<user> in the system temp directory)");
  public static final ConfigKey<Integer> OBJECT_PUSH_MAX_BYTES = ConfigKey.integer(
      "miniray.object.push.max.bytes", 100 * 1024, 0,
      "a task result up to this size is sent to its owner (the node that submitted the task) as soon as it "
          + "exists, so the owner's get needs no pull; larger ones are pulled; 0 pushes none");
  public static final ConfigKey<Integer> TASK_ARG_INLINE_MAX_BYTES = ConfigKey.integer(
      "miniray.task.arg.inline.max.bytes", 100 * 1024, 0,
      "a task or actor argument whose serialized form is larger than this is put in the caller's object store and "
          + "passed by reference, as Ray does (its limit is 100 KiB), so the task table never holds a large value");
  public static final ConfigKey<String> SCHEDULING_POLICY = ConfigKey.string("miniray.scheduler.policy", "paper",
      "the global scheduler's policy");
  public static final ConfigKey<String> GLOBAL_SCHEDULER = ConfigKey.string("miniray.scheduler.global", "policy",
      "the global scheduler implementation");
  public static final ConfigKey<String> LOCAL_SCHEDULER = ConfigKey.string("miniray.scheduler.local", "bottom-up",
      "the per-node local scheduler implementation");
  public static final ConfigKey<String> LINEAGE = ConfigKey.string("miniray.lineage", "task-table",
      "how lost objects are rebuilt and failed attempts retried (none: never)");
  public static final ConfigKey<String> TRANSPORT = ConfigKey.string("miniray.transport", "in-jvm",
      "how the nodes of an embedded cluster reach one another (wrapped in the fault injector's transport)");


  public static final ConfigKey<Integer> GLOBAL_SCHEDULERS = ConfigKey.integer(
      "miniray.scheduler.global.replicas", 1, 1,
      "how many global scheduler replicas share the work (their state is in the GCS)");
  public static final ConfigKey<Integer> FORWARD_THRESHOLD = ConfigKey.integer(
      "miniray.scheduler.local.queue.threshold", 32, 0,
      "queued tasks above which a node forwards new tasks to the global scheduler");
  public static final ConfigKey<Long> INFEASIBLE_TIMEOUT_MS = ConfigKey.longValue(
      "miniray.scheduler.infeasible.timeout.ms", 30_000, 0,
      "how long a task no node can run waits for such a node to join before it fails");
  public static final ConfigKey<Long> SCHEDULER_ADDED_LATENCY_US = ConfigKey.longValue(
      "miniray.scheduler.added.latency.us", 0, 0,
      "artificial scheduler latency, in microseconds: every task and actor call waits this long after its "
          + "inputs are local before it may run (paper figure 12b); 0 adds none");
  public static final ConfigKey<Long> HEARTBEAT_INTERVAL_MS = ConfigKey.longValue(
      "miniray.heartbeat.interval.ms", 100, 1,
      "how often a node reports its load to the node table");
  public static final ConfigKey<String> SERIALIZER = ConfigKey.string("miniray.serializer", "fory",
      "how user objects become bytes");
  public static final ConfigKey<String> ALLOWLIST = ConfigKey.string("miniray.serialization.allowlist", "",
      "extra classes the serializer may create: comma-separated names, a trailing .* allows a package");

  public static final ConfigKey<Boolean> RECORD_CALL_SITES = ConfigKey.bool("miniray.memory.call.sites", false,
      "whether each put and remote() records the file:line of the user's code that made its object, for miniray "
          + "memory (a stack walk per call; off by default, as Ray records them only when asked)");

  public static final ConfigKey<String> DEBUG_COUNTS = ConfigKey.string("miniray.debug.counts", "",
      "a directory where each process writes, at exit, its exact counts of the protocol messages it sent and the GCS "
          + "log entries it wrote, by type (counts-PID.txt); true logs them instead; empty (the default): nothing is "
          + "counted. Read once per JVM, from the system property (org.miniray.common.DebugCounts)");

  // --- Events: timelines and computation graphs (org.miniray.events) ----------------------
  public static final ConfigKey<Boolean> EVENTS_ENABLED = ConfigKey.bool("miniray.events.enabled", true,
      "whether nodes record events for Ray.timeline() and Ray.graph()");
  public static final ConfigKey<String> REFCOUNT = ConfigKey.string("miniray.refcount", "owner",
      "how objects are freed: owner (reference counting at each object's owner, as in Ray today) or none (nothing "
          + "is counted and every object lives until its job ends, as in the 2018 paper), or a class name");
  public static final ConfigKey<Boolean> REFCOUNT_FORGET_TASKS = ConfigKey.bool("miniray.refcount.forget.tasks", false,
      "whether the task-table rows of tasks no live ref can need are dropped (a long job's task table stays bounded, "
          + "but miniray jobs and the dashboard then count only the tasks whose rows remain)");
  public static final ConfigKey<Integer> EVENTS_CAPACITY = ConfigKey.integer("miniray.events.capacity", 65_536, 1,
      "events each node keeps; the oldest are overwritten");

  public static final ConfigKey<String> WORKER_MODE = ConfigKey.string("miniray.worker.mode", "thread",
      "where a node of a cluster of processes runs its tasks: thread (threads of the node's JVM) or process "
          + "(worker JVMs the node starts: a task that exits or crashes its JVM takes down only its worker)");

  public static final ConfigKey<String> NAMESPACE = ConfigKey.string("miniray.namespace", "",
      "the namespace where a driver's named actors live and are looked up (Ray.init); empty: a namespace of "
          + "the job's own, job-<its id>, as Ray's anonymous namespace");

  private static Path spillDirectory(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    Path p = Path.of(text).toAbsolutePath(); // InvalidPathException (a NUL, say) names the problem
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new IllegalArgumentException(p + " exists and is not a directory");
    }
    return p;
  }

  public static final List<ConfigKey<?>> ALL = List.of(WORKER_MODE, NAMESPACE, NODES, NODE_RESOURCES, SEED, ADDRESS, TOKEN_FILE,
      RPC_IDLE_TIMEOUT_MS, HEARTBEAT_TIMEOUT_MS, HEAD_RETRY_TIMEOUT_MS, DASHBOARD_PORT, GCS, GCS_SHARDS,
      GCS_ZOOKEEPER_CONNECT, GCS_ZOOKEEPER_CLUSTER, GCS_ZOOKEEPER_SESSION_TIMEOUT_MS,
      GCS_ZOOKEEPER_CONNECTION_TIMEOUT_MS, GCS_ZOOKEEPER_WRITE_TIMEOUT_MS, GCS_BATCH_MAX_ENTRIES, GCS_BATCH_MAX_DELAY_MS, GCS_BATCH_MAX_IN_FLIGHT,
      GCS_COMPACTION_SEGMENTS,
      GCS_RETENTION, REFCOUNT, REFCOUNT_FORGET_TASKS, OBJECT_STORE, OBJECT_STORE_CAPACITY, OBJECT_STORE_SPILL_DIR, TASK_ARG_INLINE_MAX_BYTES, OBJECT_PUSH_MAX_BYTES,
      SCHEDULING_POLICY, GLOBAL_SCHEDULER, LOCAL_SCHEDULER, LINEAGE, TRANSPORT, GLOBAL_SCHEDULERS, FORWARD_THRESHOLD,
      INFEASIBLE_TIMEOUT_MS, SCHEDULER_ADDED_LATENCY_US, HEARTBEAT_INTERVAL_MS, SERIALIZER, ALLOWLIST,
      EVENTS_ENABLED, EVENTS_CAPACITY, RECORD_CALL_SITES, DEBUG_COUNTS);
}
