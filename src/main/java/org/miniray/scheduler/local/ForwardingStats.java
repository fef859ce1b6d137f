package org.miniray.scheduler.local;

/**
 * Counts of tasks a local scheduler sent to the global scheduler, by reason.
 *
 * @param queueOverThreshold forwarded because too many tasks were already waiting here
 * @param resourcesMissing forwarded because this node can never provide the resources
 */
public record ForwardingStats(long queueOverThreshold, long resourcesMissing) {}
