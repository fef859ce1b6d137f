package org.miniray.gcs.zookeeper.simple;

import static org.miniray.gcs.zookeeper.simple.SimpleZnodes.SEP;
import static org.miniray.gcs.zookeeper.simple.SimpleZnodes.code;

import com.google.common.primitives.Longs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.ObjectTable;
import org.miniray.gcs.Subscription;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * Lab 5's object table: the znode {@code objects/<shard>/<objectId>} holds the size (8 bytes);
 * each location is a sequential child {@code <node>~<sequence>}. See {@link ZooKeeperSimpleGcs}
 * for the layout and {@link SimpleZnodes} for the calls.
 */
final class ZooKeeperSimpleObjectTable implements ObjectTable {
  private final SimpleZnodes z;

  ZooKeeperSimpleObjectTable(SimpleZnodes z) {
    this.z = z;
  }

  private String path(ObjectId id) {
    return z.rowPath("objects", id);
  }

  /** The name of {@code node}'s location child, before ZooKeeper appends the sequence. */
  private static String locationPrefix(NodeId node) {
    return SimpleZnodes.encode(node.value()) + SEP;
  }

  private static NodeId location(String child) {
    return new NodeId(SimpleZnodes.decode(SimpleZnodes.parts(child)[0]));
  }

  /** Nothing, if ZooKeeper answered OK (or one of {@code alsoFine}); else throws {@link SimpleZnodes#failure}. */
  private static Void ok(CuratorEvent e, Code... alsoFine) {
    if (code(e) != Code.OK && !List.of(alsoFine).contains(code(e))) {
      throw SimpleZnodes.failure(e);
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> addLocation(ObjectId id, NodeId node, long sizeBytes) {
    // BEGIN SOLUTION(lab5)
    // Add a PERSISTENT_SEQUENTIAL child "<node>~" to the object's znode; if there is no znode yet (NONODE), create it with the size and the child in one transaction (z.createWithChild), so no one sees an object with no location; if another writer made it meanwhile (NODEEXISTS), add the child again.
    String path = path(id);
    String child = path + "/" + locationPrefix(node);
    return z.create(child, new byte[0], CreateMode.PERSISTENT_SEQUENTIAL).thenCompose(e -> {
      if (code(e) != Code.NONODE) {
        return CompletableFuture.completedFuture(ok(e));
      }
      return z.createWithChild(path, Longs.toByteArray(sizeBytes), locationPrefix(node)).thenCompose(t -> {
        if (code(t) != Code.NODEEXISTS) {
          return CompletableFuture.completedFuture(ok(t));
        }
        return z.create(child, new byte[0], CreateMode.PERSISTENT_SEQUENTIAL).thenApply(again -> ok(again));
      });
    });
    // END SOLUTION
  }

  @Override
  public CompletableFuture<Void> removeLocation(ObjectId id, NodeId node) {
    return removeLocationAt(path(id), node);
  }

  private CompletableFuture<Void> removeLocationAt(String path, NodeId node) {
    // BEGIN SOLUTION(lab5)
    // Delete every child of the object's znode (path) that names the node; an object or child that is not there is no error.
    return z.getChildren(path).thenCompose(e -> {
      if (code(e) == Code.NONODE) {
        return CompletableFuture.completedFuture(null);
      }
      ok(e);
      String prefix = locationPrefix(node);
      List<CompletableFuture<Void>> deletes = new ArrayList<>();
      for (String child : e.getChildren()) {
        if (child.startsWith(prefix)) {
          deletes.add(z.delete(path + "/" + child).thenApply(d -> ok(d, Code.NONODE)));
        }
      }
      return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    });
    // END SOLUTION
  }

  @Override
  public CompletableFuture<Void> removeNode(NodeId node) {
    // BEGIN SOLUTION(lab5)
    // List every object of every shard (z.tablePath("objects", shard)) and remove the node's location from each.
    List<CompletableFuture<Void>> shards = new ArrayList<>();
    for (int s = 0; s < z.shards(); s++) {
      String shard = z.tablePath("objects", s);
      shards.add(z.getChildren(shard).thenCompose(e -> {
        ok(e);
        return CompletableFuture.allOf(e.getChildren().stream()
            .map(object -> removeLocationAt(shard + "/" + object, node)).toArray(CompletableFuture[]::new));
      }));
    }
    return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new));
    // END SOLUTION
  }

  /** Not a lab region: deleting a row and its children is one Curator call. */
  @Override
  public CompletableFuture<Void> forget(Collection<ObjectId> ids) {
    return CompletableFuture.allOf(ids.stream().map(id -> z.deleteRow(path(id)))
        .toArray(CompletableFuture<?>[]::new));
  }

  @Override
  public CompletableFuture<Optional<ObjectEntry>> lookup(ObjectId id) {
    // BEGIN SOLUTION(lab5)
    // Read the size (z.getData; NONODE: empty) and the children (z.getChildren): the locations.
    String path = path(id);
    return z.getData(path).thenCompose(data -> {
      if (code(data) == Code.NONODE) {
        return CompletableFuture.completedFuture(Optional.<ObjectEntry>empty());
      }
      ok(data);
      return z.getChildren(path).thenApply(children -> {
        ok(children);
        return Optional.of(entry(id, data.getData(), children.getChildren()));
      });
    });
    // END SOLUTION
  }

  @Override
  public Subscription subscribe(ObjectId id, Consumer<ObjectEntry> listener) {
    // BEGIN SOLUTION(lab5)
    // z.watch the object's znode: tell the whole entry the first time; then, one entry per change, the locations gone and then those added, in sequence order.
    Set<String> known = new LinkedHashSet<>();
    boolean[] told = {false};
    return z.watch(path(id), row -> {
      if (!told[0]) {
        told[0] = true;
        known.addAll(row.children());
        SimpleZnodes.tell(listener, entry(id, row.data(), known));
        return;
      }
      for (String gone : List.copyOf(known)) {
        if (!row.children().contains(gone)) {
          known.remove(gone);
          SimpleZnodes.tell(listener, entry(id, row.data(), known));
        }
      }
      for (String child : row.children()) {
        if (known.add(child)) {
          SimpleZnodes.tell(listener, entry(id, row.data(), known));
        }
      }
    });
    // END SOLUTION
  }

  private static ObjectEntry entry(ObjectId id, byte[] size, Collection<String> children) {
    return new ObjectEntry(id, Longs.fromByteArray(size),
        children.stream().map(ZooKeeperSimpleObjectTable::location).collect(Collectors.toSet()));
  }
}
