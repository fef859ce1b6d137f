/**
 * One node (paper figure 5). {@link org.miniray.node.Node} is a small facade that wires the
 * node's parts: its object manager and store, a local scheduler that fetches each task's inputs
 * ({@code TaskInputs}) and dispatches it straight to the {@code TaskExecutor} (workers, results,
 * actor hosting), the restart of that scheduler from the GCS ({@code LocalSchedulerRestarts}),
 * its {@code Membership} of the cluster (registration, heartbeats, fencing), and the
 * {@code NodeEndpoint} that peers call through the transport. {@link org.miniray.node.NodeServices}
 * is what a process gives each node. {@link org.miniray.node.TaskContext} says which task the
 * current thread runs, so that calls made from inside a task are its children. Labs 3 and 4
 * (decks {@code slides/lab3.md}, {@code slides/lab4.md}) run on it.
 */
package org.miniray.node;
