/**
 * The runtime behind {@link org.miniray.api.Ray}: {@link org.miniray.runtime.MinirayRuntime}
 * turns API calls into task specs (figure 7, step 1) and answers {@code get}, {@code wait} and
 * {@code put} through the object manager of the caller's node.
 * {@link org.miniray.runtime.ControlPlane} wires a cluster's control plane (GCS, global scheduler,
 * node monitor, lineage replayer, actor supervisor) for both composition roots:
 * {@link org.miniray.runtime.EmbeddedCluster}, a whole cluster inside one JVM (a control plane and N
 * nodes, each component chosen by configuration), and the head process of {@code org.miniray.cluster}.
 * {@link org.miniray.runtime.DriverJob} is a driver's row in the GCS job table, for both kinds of
 * driver: it gives the driver its job id and marks the job finished on shutdown.
 */
package org.miniray.runtime;
