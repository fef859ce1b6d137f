package org.miniray.transport;

import java.util.List;
import java.util.Map;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/**
 * What one node holds and owns, as {@code miniray memory} lists it ({@link NodeService#listObjects}):
 * every copy in its store, and the call site of each object made by a {@code put} or
 * {@code remote()} on it (its owner) when call sites are recorded ({@code miniray.memory.call.sites}).
 * A copy and the call site of its object may be on different nodes: a task's result lives where it
 * ran, its call site where it was submitted.
 */
public record NodeObjects(NodeId node, List<Copy> copies, Map<ObjectId, String> callSites) {
  public NodeObjects {
    copies = List.copyOf(copies);
    callSites = Map.copyOf(callSites);
  }

  /**
   * One copy in the node's store.
   *
   * @param primary made on this node (a task's result or a {@code put}), not pulled or pushed here
   * @param spilled in a file of the node's spill directory, not in memory
   */
  public record Copy(ObjectId id, long sizeBytes, boolean primary, boolean spilled) {}
}
