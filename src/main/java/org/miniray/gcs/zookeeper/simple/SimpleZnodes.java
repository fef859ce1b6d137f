package org.miniray.gcs.zookeeper.simple;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.miniray.common.DaemonThreads;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.Subscription;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lab 5's tables ({@link ZooKeeperSimpleTaskTable}, {@link ZooKeeperSimpleObjectTable})
 * are built on: asynchronous Curator calls that return futures, a watch on one row, paths and
 * names. Every ZooKeeper callback runs on one thread ({@code gcs-simple-zk}), in the order
 * ZooKeeper answered; futures handed to callers complete on another, and listeners run on a
 * third ({@code gcs-simple-listeners}), one at a time, so a listener may wait for a GCS call.
 */
final class SimpleZnodes {
  private static final Logger log = LoggerFactory.getLogger(SimpleZnodes.class);
  /** Separates the parts of a child's name; {@link #encode} never produces it. */
  static final String SEP = "~";

  /** One row as a watch read it: the row's data and its children, oldest (lowest sequence) first. */
  record Row(byte[] data, List<String> children) {}

  private final CuratorFramework client;
  private final String root;
  private final int shards;
  private final Serializer codec = Serializers.selector().create("fory", MinirayConfig.defaults());
  private final ExecutorService zk = single("gcs-simple-zk");
  private final ExecutorService completions = Executors.newCachedThreadPool(
      DaemonThreads.named("gcs-simple-done-%d"));
  private final ExecutorService listeners = single("gcs-simple-listeners");
  private volatile boolean closed;

  SimpleZnodes(CuratorFramework client, String root, int shards) {
    this.client = client;
    this.root = root;
    this.shards = shards;
  }

  private static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(DaemonThreads.named(name));
  }

  // --- Paths and names ----------------------------------------------------------------------

  /** The row of {@code id} in {@code table} ("tasks" or "objects"): {@code <root>/<table>/<shard>/<id>}. */
  String rowPath(String table, Object id) {
    return tablePath(table, Math.floorMod(id.hashCode(), shards)) + "/" + encode(id.toString());
  }

  String tablePath(String table, int shard) {
    return root + "/" + table + "/" + shard;
  }

  int shards() {
    return shards;
  }

  /** Text made safe for a znode name: no '/' and no {@link #SEP}. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The sequence number ZooKeeper appended to a sequential child's name (its last 10 digits). */
  static long sequence(String child) {
    return Long.parseLong(child.substring(child.length() - 10));
  }

  /** The parts of a sequential child's name {@code a~b~0000000007}, without the sequence. */
  static String[] parts(String child) {
    return child.substring(0, child.length() - 10).split(SEP, -1);
  }

  byte[] write(Object value) {
    return codec.serialize(value).bytes();
  }

  Object read(byte[] bytes) {
    return codec.deserialize(new SerializedObject(SerializedObject.ENCODED, bytes));
  }

  // --- Asynchronous calls -------------------------------------------------------------------

  /** A ZooKeeper call started with a callback, e.g. {@code cb -> client.create().inBackground(cb, zk).forPath(p)}. */
  @FunctionalInterface
  interface Call {
    void start(BackgroundCallback callback) throws Exception;
  }

  /**
   * Starts {@code call}; the future completes with ZooKeeper's answer, whatever its result code
   * (see {@link #code}), and fails only when the call could not be made (closed, interrupted).
   */
  private CompletableFuture<CuratorEvent> run(Call call) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("GCS is closed"));
    }
    CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
    try {
      call.start((c, event) -> answer.complete(event));
    } catch (Exception e) {
      answer.completeExceptionally(e);
    }
    // Callers' continuations must not run on the ZooKeeper callback thread: they may block.
    return answer.thenApplyAsync(e -> e, completions);
  }

  CompletableFuture<CuratorEvent> create(String path, byte[] data, CreateMode mode) {
    return run(cb -> client.create().withMode(mode).inBackground(cb, zk).forPath(path, data));
  }

  /** Creates {@code parent} with {@code data} and its sequential child {@code childPrefix}, atomically. */
  CompletableFuture<CuratorEvent> createWithChild(String parent, byte[] data, String childPrefix) {
    return run(cb -> client.transaction().inBackground(cb, zk).forOperations(
        client.transactionOp().create().forPath(parent, data),
        client.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(parent + "/" + childPrefix, new byte[0])));
  }

  CompletableFuture<CuratorEvent> getData(String path) {
    return run(cb -> client.getData().inBackground(cb, zk).forPath(path));
  }

  CompletableFuture<CuratorEvent> getChildren(String path) {
    return run(cb -> client.getChildren().inBackground(cb, zk).forPath(path));
  }

  CompletableFuture<CuratorEvent> delete(String path) {
    return run(cb -> client.delete().inBackground(cb, zk).forPath(path));
  }

  /** Deletes {@code path} with its children, if it exists (a row a reference counter forgot). */
  CompletableFuture<CuratorEvent> deleteRow(String path) {
    return run(cb -> client.delete().quietly().deletingChildrenIfNeeded().inBackground(cb, zk).forPath(path));
  }

  static Code code(CuratorEvent e) {
    return Code.get(e.getResultCode());
  }

  /** The error an answer that is not OK stands for, to fail a future with (it names the code and the path). */
  static IllegalStateException failure(CuratorEvent e) {
    return new IllegalStateException("ZooKeeper answered " + code(e) + " for " + e.getPath(),
        KeeperException.create(code(e), e.getPath()));
  }

  /** Sorts sequential children oldest first. */
  static List<String> bySequence(List<String> children) {
    return children.stream().sorted(Comparator.comparingLong(SimpleZnodes::sequence)).toList();
  }

  // --- Watches ------------------------------------------------------------------------------

  /**
   * Watches the row at {@code path}: calls {@code onRow} once the row exists, and again after
   * every change of its children. ZooKeeper's watches fire once and are set again by the next
   * read, so changes made in between arrive together: {@code onRow} sees the row as it is then,
   * never an older state than the one before. It runs on the listener thread; wrap each user
   * listener's call in {@link #tell}. Watches survive a failover (the ZooKeeper client sets
   * them again on the next server) but not an expired session: unlike {@link ZooKeeperGcs},
   * this GCS does not read its rows again after one.
   */
  Subscription watch(String path, Consumer<Row> onRow) {
    if (closed) {
      throw new IllegalStateException("GCS is closed");
    }
    RowWatch w = new RowWatch(path, onRow);
    w.refresh();
    return w;
  }

  /** Calls {@code listener}; one that throws is logged and stays subscribed. */
  static <T> void tell(Consumer<T> listener, T value) {
    try {
      listener.accept(value);
    } catch (RuntimeException e) {
      log.warn("a GCS listener threw on {}; it stays subscribed", value, e);
    }
  }

  private final class RowWatch implements Subscription, CuratorWatcher {
    private final String path;
    private final Consumer<Row> onRow;
    private volatile boolean stopped;
    private volatile byte[] data; // null until the row exists; a row's data never changes
    private int lastCversion = -1; // only touched on the zk thread

    RowWatch(String path, Consumer<Row> onRow) {
      this.path = path;
      this.onRow = onRow;
    }

    @Override
    public void process(WatchedEvent event) {
      refresh();
    }

    void refresh() {
      if (stopped || closed) {
        return;
      }
      try {
        if (data == null) {
          // Three reads sent at once: ZooKeeper answers a session's requests in order, so a
          // write this client makes after subscribing is not yet in the first row told.
          client.checkExists().usingWatcher(this).inBackground((c, e) -> { }, zk).forPath(path);
          client.getData().inBackground((c, e) -> {
            if (code(e) == Code.OK) {
              data = e.getData();
            }
          }, zk).forPath(path);
        }
        readChildren();
      } catch (Exception e) {
        log.warn("cannot watch {}: {}", path, e.toString());
      }
    }

    private void readChildren() throws Exception {
      if (stopped || closed) {
        return;
      }
      client.getChildren().usingWatcher(this).inBackground((c, e) -> {
        // Answers arrive in order; an answer that is not newer than the last one adds nothing.
        if (code(e) != Code.OK || data == null || e.getStat().getCversion() <= lastCversion) {
          return;
        }
        lastCversion = e.getStat().getCversion();
        Row row = new Row(data, bySequence(e.getChildren()));
        listeners.execute(() -> {
          if (!stopped && !closed) {
            onRow.accept(row);
          }
        });
      }, zk).forPath(path);
    }

    @Override
    public void close() {
      stopped = true;
    }
  }

  void close() {
    closed = true;
    listeners.shutdown();
    zk.shutdown();
    completions.shutdown();
  }
}
