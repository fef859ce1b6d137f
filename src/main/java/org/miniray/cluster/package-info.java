/**
 * miniray as a cluster of processes (paper figure 5): a {@link org.miniray.cluster.HeadProcess}
 * (the {@code runtime.ControlPlane} served over the wire, and a node), a
 * {@link org.miniray.cluster.NodeProcess} that joins it, and a
 * {@link org.miniray.cluster.DriverProcess} that connects to it, and the
 * {@link org.miniray.cluster.WorkerProcess}es a node in worker-process mode starts, each a
 * {@link org.miniray.cluster.ClusterMember} (its node behind the process's one port,
 * {@link org.miniray.cluster.ProcessNetwork}), all speaking the messages of
 * {@code transport.netty.Protocol}; and the {@code miniray} command line
 * ({@link org.miniray.cluster.Cli}: {@code start --head}, {@code start --address},
 * {@code status}, {@code jobs}, {@code timeline}, {@code graph}, {@code stop}). Node and driver processes see the head's control plane through
 * {@link org.miniray.cluster.RemoteHead}: its GCS, its lineage replayer
 * ({@link org.miniray.cluster.RemoteLineageReplayer}), its global scheduler
 * ({@link org.miniray.cluster.RemoteGlobalScheduler}) and its actor supervisor, so fault
 * tolerance across processes (paper section 5.1) has one owner; and watch the head itself
 * ({@link org.miniray.cluster.HeadWatch}): a driver whose head died with the GCS inside it is told
 * so at once. Heads on a GCS outside them elect the active one ({@link org.miniray.cluster.HeadLatch},
 * a Curator leader latch); the others stand by, and nodes and drivers given every head's address
 * follow whichever serves (issue 15).
 */
package org.miniray.cluster;
