package org.miniray.api.runtimecontext;

import java.util.Map;
import org.miniray.api.id.UniqueId;

/**
 * A node as {@link RuntimeContext#getAllNodeInfo()} reports it, with the fields of Ray's
 * {@code NodeInfo} that miniray has.
 */
public final class NodeInfo {
  public final UniqueId nodeId;
  /** The host and port other nodes reach it at, or the node's name on the embedded cluster. */
  public final String nodeAddress;
  public final boolean isAlive;
  /** The resources it offers in total ("CPU", "GPU", custom). */
  public final Map<String, Double> resources;

  public NodeInfo(UniqueId nodeId, String nodeAddress, boolean isAlive, Map<String, Double> resources) {
    this.nodeId = nodeId;
    this.nodeAddress = nodeAddress;
    this.isAlive = isAlive;
    this.resources = Map.copyOf(resources);
  }

  @Override
  public String toString() {
    return "NodeInfo{" + nodeId.name() + " at " + nodeAddress + (isAlive ? ", alive" : ", dead") + ", " + resources
        + "}";
  }
}
