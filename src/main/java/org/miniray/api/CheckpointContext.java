package org.miniray.api;

/**
 * What an actor knows when it decides whether to checkpoint ({@link Checkpointable#shouldCheckpoint}).
 *
 * @param actorId the actor's id, as text
 * @param callsSinceLastCheckpoint calls run since the latest checkpoint (or since the actor was built)
 * @param millisSinceLastCheckpoint time since then
 */
public record CheckpointContext(String actorId, int callsSinceLastCheckpoint, long millisSinceLastCheckpoint) {}
