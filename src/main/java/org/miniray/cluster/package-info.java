/**
 * miniray as a cluster of processes: the composition root of a head (GCS, global scheduler and
 * a node), of a node that joins it, and of a driver that connects to it
 * ({@link org.miniray.cluster.ClusterProcess}), all speaking the authenticated RPC of
 * {@code org.miniray.transport.netty}; and the {@code miniray} command line
 * ({@link org.miniray.cluster.Cli}: {@code start --head}, {@code start --address},
 * {@code status}, {@code stop}). Fault tolerance across processes (paper section 5.1) has one
 * owner on the head: its lineage replayer, which other processes reach through
 * {@link org.miniray.cluster.RemoteLineageReplayer}, and its actor supervisor.
 */
package org.miniray.cluster;
