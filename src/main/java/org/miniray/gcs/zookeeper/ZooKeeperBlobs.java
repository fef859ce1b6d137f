package org.miniray.gcs.zookeeper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;

/**
 * Values too large for one znode (ZooKeeper refuses more than about 1 MB per znode, and per
 * request): function code over the inline limit, and log snapshots. A blob is a znode
 * {@code <root>/blobs/b-<uuid>} holding its length and chunk count, with children
 * {@code c-00000, c-00001, ...} of at most {@link #CHUNK_BYTES} each. A blob is written in full
 * before anything refers to it, and never changed, so a reader that finds the reference finds
 * all of the chunks.
 */
final class ZooKeeperBlobs {
  static final int CHUNK_BYTES = 512 * 1024;

  private final CuratorFramework client;
  private final String dir;

  ZooKeeperBlobs(CuratorFramework client, String root) {
    this.client = client;
    this.dir = root + "/blobs";
  }

  /** Writes {@code bytes} as a new blob (blocking) and returns its path. */
  String write(byte[] bytes) {
    int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
    String path = dir + "/b-" + UUID.randomUUID();
    try {
      client.create().creatingParentsIfNeeded().forPath(path,
          ByteBuffer.allocate(12).putLong(bytes.length).putInt(chunks).array());
      for (int i = 0; i < chunks; i++) {
        int from = i * CHUNK_BYTES;
        byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK_BYTES));
        client.create().forPath(chunkPath(path, i), chunk);
      }
      return path;
    } catch (Exception e) {
      throw new IllegalStateException("cannot write a " + bytes.length + "-byte blob to ZooKeeper: " + e, e);
    }
  }

  /** Reads a whole blob (blocking). */
  byte[] read(String path) {
    try {
      ByteBuffer header = ByteBuffer.wrap(client.getData().forPath(path));
      long length = header.getLong();
      int chunks = header.getInt();
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
      for (int i = 0; i < chunks; i++) {
        out.write(client.getData().forPath(chunkPath(path, i)));
      }
      if (out.size() != length) {
        throw new IllegalStateException("blob " + path + " holds " + out.size() + " bytes, its header says " + length);
      }
      return out.toByteArray();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read blob " + path + " from ZooKeeper: " + e, e);
    }
  }

  /** The operations that delete a blob, for a transaction; none if it is gone already. */
  List<CuratorOp> deleteOps(String path) throws Exception {
    List<CuratorOp> ops = new ArrayList<>();
    int chunks;
    try {
      chunks = ByteBuffer.wrap(client.getData().forPath(path)).getInt(8);
    } catch (KeeperException.NoNodeException gone) {
      return ops;
    }
    for (int i = 0; i < chunks; i++) {
      ops.add(client.transactionOp().delete().forPath(chunkPath(path, i)));
    }
    ops.add(client.transactionOp().delete().forPath(path));
    return ops;
  }

  void delete(String path) {
    try {
      client.delete().deletingChildrenIfNeeded().forPath(path);
    } catch (Exception ignored) {
      // an orphan blob costs space, not correctness
    }
  }

  private static String chunkPath(String blob, int i) {
    return blob + String.format("/c-%05d", i);
  }
}
