/**
 * Actors (paper sections 3.1 and 4.2): stateful workers whose methods run one at a time, in
 * each caller's order (the stateful edges of the computation graph).
 * {@link org.miniray.actor.ActorHost} keeps the actors placed on one node and orders their
 * calls by the sequence number each caller stamps on its calls, and records each call it admits
 * in the task table (the caller does not, so a call's spec crosses the network once);
 * {@link org.miniray.actor.ActorRouter} sends a caller's calls to the node its actor lives on,
 * as the actor table says, and keeps them until their results arrive. Fault tolerance (section 5.1): {@link org.miniray.actor.ActorSupervisor}
 * restarts the actors of a dead node; {@link org.miniray.actor.ActorRecovery} logs each restartable
 * actor's calls, takes checkpoints of {@link org.miniray.api.Checkpointable} actors into a
 * {@link org.miniray.actor.CheckpointStore} (the GCS by default), and on a restart loads the latest
 * one and replays the calls after it. In lab 4 ({@code labs/lab4-actors-checkpoints},
 * {@code slides/lab4.md}) students write the restore and the checkpoint.
 */
package org.miniray.actor;
