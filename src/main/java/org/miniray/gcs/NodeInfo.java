package org.miniray.gcs;

import org.miniray.id.NodeId;
import org.miniray.task.ResourceSet;

/** What a node says of itself when it joins: its id, where to reach it, and its total resources. */
public record NodeInfo(NodeId id, String address, ResourceSet total) {}
