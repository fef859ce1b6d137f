package org.miniray.transport;

import java.util.concurrent.ConcurrentHashMap;
import org.miniray.id.NodeId;

/** The nodes of an embedded cluster, reached by direct calls on their services. */
public final class InJvmTransport implements Transport {
  private final ConcurrentHashMap<NodeId, NodeService> services = new ConcurrentHashMap<>();

  @Override
  public void bind(NodeId id, NodeService service) {
    if (services.putIfAbsent(id, service) != null) {
      throw new IllegalStateException("node " + id + " is already bound");
    }
  }

  @Override
  public void unbind(NodeId id) {
    services.remove(id);
  }

  @Override
  public NodeService connect(NodeId id) {
    NodeService s = services.get(id);
    if (s == null) {
      throw new NodeUnreachableException(id);
    }
    return s;
  }

  @Override
  public void close() {
    services.clear();
  }
}
