/**
 * How nodes reach one another: {@link org.miniray.transport.Transport} binds each node's
 * {@link org.miniray.transport.NodeService} (what a node offers its peers: take a placed task,
 * take an actor call, hand over an object, fail a task it owns) and connects to others by
 * {@link org.miniray.id.NodeId}. {@link org.miniray.transport.InJvmTransport} joins the nodes of
 * an embedded cluster by direct calls; a Netty transport joins processes over TCP.
 */
package org.miniray.transport;
