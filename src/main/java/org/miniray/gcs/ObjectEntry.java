package org.miniray.gcs;

import java.util.Set;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;

/** The object table's row for one object: its size and the nodes that hold a copy (maybe none now). */
public record ObjectEntry(ObjectId id, long sizeBytes, Set<NodeId> locations) {
  public ObjectEntry {
    locations = Set.copyOf(locations);
  }
}
