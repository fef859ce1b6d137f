package org.miniray.objectstore;

import java.util.List;
import org.miniray.transport.NodeObjects;

/**
 * What a node's object manager tells a new head process (issue 15): the location of every copy
 * it holds, again. Location writes sent while the old head was dying or away were lost with it;
 * without them an object made here during the outage, its task's row unwritten too, looks neither
 * lost nor made, and whatever waits for it waits forever.
 */
public final class HeadRestartCopies {
  private HeadRestartCopies() {}

  /** Publishes every copy {@code objects} holds again; returns how many. */
  public static int publishAgain(ObjectManager objects) {
    if (objects.dead) {
      return 0;
    }
    List<NodeObjects.Copy> copies = objects.store().copies();
    for (NodeObjects.Copy c : copies) {
      objects.publish(c.id(), c.sizeBytes());
    }
    return copies.size();
  }
}
