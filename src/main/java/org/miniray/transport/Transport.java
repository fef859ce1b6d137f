package org.miniray.transport;

import org.miniray.id.NodeId;

/**
 * Connects nodes: each binds its service under its id, and reaches the others by theirs.
 * {@code TransportContractTest} states the rules every transport keeps.
 */
public interface Transport extends AutoCloseable {

  /** Makes {@code service} reachable as {@code id}. */
  void bind(NodeId id, NodeService service);

  /** Stops reaching {@code id}; calls to it fail from now on. */
  void unbind(NodeId id);

  /**
   * The service of node {@code id}. When it is not bound, this call or the first call on what it
   * returns throws {@link NodeUnreachableException} (a network transport may learn an address only
   * when it first sends).
   */
  NodeService connect(NodeId id);

  @Override
  void close();
}
