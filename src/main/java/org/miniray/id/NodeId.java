package org.miniray.id;

/** A node of the cluster, by a name unique within the cluster (for example {@code node-0}). */
public record NodeId(String value) {
  public NodeId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a node id is a non-empty name");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
