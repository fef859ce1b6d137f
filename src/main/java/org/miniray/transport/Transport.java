package org.miniray.transport;

import org.miniray.id.NodeId;

/** Connects nodes: each binds its service under its id, and reaches the others by theirs. */
public interface Transport extends AutoCloseable {

  /** Makes {@code service} reachable as {@code id}. */
  void bind(NodeId id, NodeService service);

  /** Stops reaching {@code id}; calls to it fail from now on. */
  void unbind(NodeId id);

  /** The service of node {@code id}; throws {@link NodeUnreachableException} when it is not bound. */
  NodeService connect(NodeId id);

  @Override
  void close();
}
