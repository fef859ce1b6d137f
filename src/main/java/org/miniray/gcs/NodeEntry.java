package org.miniray.gcs;

/**
 * The node table's row.
 *
 * @param load the latest heartbeat, or null before the first
 * @param lastHeartbeatMillis when the latest heartbeat (or the registration, before the first
 *     heartbeat) arrived, by the GCS's clock
 */
public record NodeEntry(NodeInfo info, NodeLoad load, boolean alive, long lastHeartbeatMillis) {}
