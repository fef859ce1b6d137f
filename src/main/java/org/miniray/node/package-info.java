/**
 * The composition root of one node (paper figure 5): {@link org.miniray.node.Node} wires a
 * local scheduler, an object store with its object manager, a worker pool and an actor host,
 * binds the node's service to the transport, and reports its load to the node table every
 * heartbeat. {@link org.miniray.node.TaskContext} says which task the current thread runs, so
 * that calls made from inside a task are its children.
 */
package org.miniray.node;
