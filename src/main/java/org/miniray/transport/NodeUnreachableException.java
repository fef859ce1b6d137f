package org.miniray.transport;

import org.miniray.id.NodeId;

/** The node is not bound to the transport (never joined, or gone). */
public final class NodeUnreachableException extends RuntimeException {
  public NodeUnreachableException(NodeId node) {
    super("node " + node + " is not reachable");
  }
}
