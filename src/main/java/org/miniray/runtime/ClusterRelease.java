package org.miniray.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.miniray.config.Keys;
import org.miniray.gcs.Gcs;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.node.Node;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.transport.NodeService;
import org.miniray.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runtime's reference counter does to free: every live node (the node's own view of the
 * node table, so no GCS round trip) deletes its copies, one one-way message per node and batch,
 * and the GCS drops the rows nothing can need; a borrower's registration and its end go to the
 * owner's node, which this process names as its own for the refs it owns.
 */
final class ClusterRelease implements ReferenceCounter.Effects {
  private static final Logger log = LoggerFactory.getLogger(ClusterRelease.class);

  private final Deployment cluster;
  private final Node here;

  ClusterRelease(Deployment cluster, Node here) {
    this.cluster = cluster;
    this.here = here;
  }

  @Override
  public void release(List<ObjectId> objects) {
    here.objects().releaseAll(objects);
    toOtherLiveNodes(here, cluster.transport(), "release " + objects.size() + " objects",
        node -> node.releaseObjects(objects));
  }

  /**
   * This node does not remove its own locations of the objects whose rows go in the same batch (a
   * loop of results freed as they come costs the GCS one write per object less): a copy stored here
   * again meanwhile is an arrival this process's counter hears, and forgets again. Other nodes
   * still remove theirs: a late copy there may be an arrival only their own process hears of.
   */
  @Override
  public void releaseAndForget(List<ObjectId> released, List<ObjectId> forgotten, List<TaskId> tasks) {
    if (!released.isEmpty()) {
      // Mostly each released object is forgotten at once, in the same order: no set to build then.
      Set<ObjectId> rowsGo = released.equals(forgotten) ? null : new HashSet<>(forgotten);
      List<ObjectId> rowsStay = new ArrayList<>();
      for (ObjectId id : released) {
        if (rowsGo == null || rowsGo.contains(id)) {
          here.objects().release(id);
        } else {
          rowsStay.add(id);
        }
      }
      here.objects().releaseAll(rowsStay);
      toOtherLiveNodes(here, cluster.transport(), "release " + released.size() + " objects",
          node -> node.releaseObjects(released));
    }
    if (!forgotten.isEmpty()) {
      forget(forgotten, tasks);
    }
  }

  /**
   * Sends {@code message} to every live node but {@code here}, as {@code here} sees the node
   * table (kept from its subscription, so no round trip to the GCS); a node that cannot be reached
   * is skipped: it is dying, and its copies go with it.
   */
  static void toOtherLiveNodes(Node here, Transport transport, String what, Consumer<NodeService> message) {
    for (NodeId node : here.liveNodes()) {
      if (!node.equals(here.id())) {
        try {
          message.accept(transport.connect(node));
        } catch (RuntimeException e) {
          log.debug("cannot {} on {}: {}", what, node, e.toString());
        }
      }
    }
  }

  @Override
  public CompletableFuture<Void> borrow(NodeId owner, List<ObjectId> objects, boolean untilJobEnds) {
    // Registered in the owner's own name, a borrow never ends and never dies: kept until the job ends.
    return cluster.transport().connect(owner).addBorrower(untilJobEnds ? owner : here.id(), objects);
  }

  @Override
  public void unborrow(NodeId owner, List<ObjectId> objects) {
    cluster.transport().connect(owner).removeBorrower(here.id(), objects);
  }

  @Override
  public void recover(List<ObjectId> pending) {
    // A fetch asks lineage when the node that runs the task is dead; what it brings here is an
    // arrival, which the counter releases. The value itself is not kept.
    pending.forEach(id -> here.objects().whenLocal(id));
  }

  @Override
  public void forget(List<ObjectId> objects, List<TaskId> tasks) {
    Gcs gcs = cluster.gcs();
    gcs.objectTable().forget(objects);
    // A job's task rows are its history for miniray jobs and the dashboard: dropped only when asked.
    if (!tasks.isEmpty() && cluster.config().get(Keys.REFCOUNT_FORGET_TASKS)) {
      gcs.taskTable().forget(tasks);
    }
  }
}
