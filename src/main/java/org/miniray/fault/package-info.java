/**
 * Failures, detected and injected (paper sections 4.2.3 and 5.1). {@link org.miniray.fault.NodeMonitor}
 * is the failure detector: it marks a node dead in the GCS node table when its heartbeats stop
 * for {@code miniray.heartbeat.timeout.ms} and drops its object locations; everyone else learns
 * of the death through the node table's subscription. {@link org.miniray.fault.FaultInjector}
 * is how tests, labs and demos break things on purpose: kill a node, crash a worker, and make the
 * network drop, delay, reorder or partition messages (through
 * {@link org.miniray.transport.FaultyTransport}, seeded by {@code miniray.seed}).
 * Used by labs 3 and 4 (fault tolerance) and the fault-tolerance slides. The package's test side
 * holds the fault property tests and the deterministic modes of lab 3 ({@code LineageSimulation}:
 * a DAG run by one thread on a virtual clock against the real lineage replayer) and lab 4
 * ({@code ActorCheckpointSimulation}: calls to one restartable actor, its node killed and the
 * actor restarted, on one thread and a virtual clock against the real actor host and
 * {@code ActorRecovery}), so that a seed replays a failing run event for event.
 */
package org.miniray.fault;
