package org.miniray.gcs.zookeeper.simple;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.miniray.common.Clock;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.GcsTables;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;

/**
 * Lab 5's GCS ({@code miniray.gcs=zookeeper-simple}): the task and object tables kept in
 * ZooKeeper as plainly as possible, one znode per row (paper section 4.2.1), so that a student
 * can write them and then measure what {@link ZooKeeperGcs}'s batched logs save.
 *
 * <p><b>Layout</b>, under {@code /miniray/<cluster>/simple}:
 * <ul>
 *   <li>{@code tasks/<shard>/<taskId>}: data is the task's spec; each status update is a
 *       persistent sequential child {@code <STATUS>~<node>~<sequence>}, so the row is the spec
 *       folded with its children in sequence order, and a subscriber sees every update;
 *   <li>{@code objects/<shard>/<objectId>}: data is the size; each location is a persistent
 *       sequential child {@code <node>~<sequence>} (persistent, not ephemeral: a location
 *       outlives the session of whoever wrote it, and {@link ObjectTable#removeNode} drops it
 *       when the node dies).
 * </ul>
 * The shard is the id's hash modulo {@code miniray.gcs.shards}: it only spreads children over
 * parents, as ZooKeeper has one ensemble.
 *
 * <p><b>Composition.</b> The function, checkpoint, actor, node and job tables are those of a {@link ZooKeeperGcs}
 * on the same ensemble and cluster name, whose Curator client the simple tables share; closing
 * this GCS closes it (and its embedded server, if it started one).
 */
public final class ZooKeeperSimpleGcs implements Gcs {
  private final ZooKeeperGcs rest;
  private final SimpleZnodes znodes;
  private final ZooKeeperSimpleTaskTable tasks;
  private final ZooKeeperSimpleObjectTable objects;
  private final GcsTables tables;

  /** Connects as {@link ZooKeeperGcs#ZooKeeperGcs(String, int, Clock, ZooKeeperGcs.Options)} does. */
  public ZooKeeperSimpleGcs(String connectString, int shards, Clock clock, ZooKeeperGcs.Options options) {
    this.rest = new ZooKeeperGcs(connectString, shards, clock, options);
    CuratorFramework client = rest.client();
    String root = "/miniray/" + options.cluster() + "/simple";
    try {
      for (String table : new String[] {"tasks", "objects"}) {
        for (int i = 0; i < shards; i++) {
          try {
            client.create().creatingParentsIfNeeded().forPath(root + "/" + table + "/" + i, new byte[0]);
          } catch (KeeperException.NodeExistsException another) {
            // made by another client, or a previous run
          }
        }
      }
    } catch (Exception e) {
      rest.close();
      throw new IllegalStateException("cannot create the simple GCS's znodes under " + root + ": " + e, e);
    }
    this.znodes = new SimpleZnodes(client, root, shards);
    this.tasks = new ZooKeeperSimpleTaskTable(znodes);
    this.objects = new ZooKeeperSimpleObjectTable(znodes);
    // Lab 5 writes the task and object tables; the other five are the full GCS's.
    this.tables = new GcsTables(objects, tasks, rest.functionTable(), rest.checkpointTable(), rest.actorTable(),
        rest.nodeTable(), rest.jobTable());
  }

  @Override
  public GcsTables tables() {
    return tables;
  }

  /** A GCS configured by the {@code miniray.gcs.*} keys, on the system clock. */
  public ZooKeeperSimpleGcs(MinirayConfig config) {
    this(config.get(Keys.GCS_ZOOKEEPER_CONNECT), config.get(Keys.GCS_SHARDS), Clock.SYSTEM,
        ZooKeeperGcs.Options.of(config));
  }

  @Override
  public void close() {
    znodes.close();
    rest.close();
  }
}
