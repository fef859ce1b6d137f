package org.miniray.objectstore;

import org.miniray.id.ObjectId;

/**
 * One object a node's store holds, as {@code miniray memory} lists it.
 *
 * @param id the object
 * @param sizeBytes its size
 * @param primary made on this node (a task's result or a {@code put}), not a copy pulled or pushed here
 * @param spilled held in a file of the spill directory, not in memory
 */
public record StoredCopy(ObjectId id, long sizeBytes, boolean primary, boolean spilled) {}
