package org.miniray.config;

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

  // --- Component choices (a built-in name or a fully qualified class name) ----------------
  public static final ConfigKey<String> GCS = ConfigKey.string("miniray.gcs", "memory",
      "the Global Control Store implementation");
  public static final ConfigKey<Integer> GCS_SHARDS = ConfigKey.integer("miniray.gcs.shards", 4, 1,
      "how many shards each GCS table is split into, by id hash");
  public static final ConfigKey<String> OBJECT_STORE = ConfigKey.string("miniray.objectstore", "heap",
      "the per-node object store implementation");
  public static final ConfigKey<Long> OBJECT_STORE_CAPACITY = ConfigKey.longValue(
      "miniray.objectstore.capacity.bytes", 2L << 30, 1,
      "bytes a node's object store holds before it evicts copies it does not own");
  public static final ConfigKey<String> SCHEDULING_POLICY = ConfigKey.string("miniray.scheduler.policy", "paper",
      "the global scheduler's policy");


  public static final ConfigKey<Integer> GLOBAL_SCHEDULERS = ConfigKey.integer(
      "miniray.scheduler.global.replicas", 1, 1,
      "how many global scheduler replicas share the work (their state is in the GCS)");
  public static final ConfigKey<Integer> FORWARD_THRESHOLD = ConfigKey.integer(
      "miniray.scheduler.local.queue.threshold", 8, 0,
      "queued tasks above which a node forwards new tasks to the global scheduler");
  public static final ConfigKey<Long> INFEASIBLE_TIMEOUT_MS = ConfigKey.longValue(
      "miniray.scheduler.infeasible.timeout.ms", 30_000, 0,
      "how long a task no node can run waits for such a node to join before it fails");
  public static final ConfigKey<Long> HEARTBEAT_INTERVAL_MS = ConfigKey.longValue(
      "miniray.heartbeat.interval.ms", 100, 1,
      "how often a node reports its load to the node table");
  public static final ConfigKey<String> SERIALIZER = ConfigKey.string("miniray.serializer", "fory",
      "how user objects become bytes");
  public static final ConfigKey<String> ALLOWLIST = ConfigKey.string("miniray.serialization.allowlist", "",
      "extra classes the serializer may create: comma-separated names, a trailing .* allows a package");

  public static final List<ConfigKey<?>> ALL = List.of(NODES, NODE_RESOURCES, SEED, GCS, GCS_SHARDS, OBJECT_STORE,
      OBJECT_STORE_CAPACITY, SCHEDULING_POLICY, GLOBAL_SCHEDULERS, FORWARD_THRESHOLD, INFEASIBLE_TIMEOUT_MS,
      HEARTBEAT_INTERVAL_MS, SERIALIZER, ALLOWLIST);
}
