/**
 * The per-node object store (paper section 4.2.3): immutable objects in serialized form, by
 * {@link org.miniray.id.ObjectId}. {@link org.miniray.objectstore.ObjectStore} is the store of one
 * node; {@link org.miniray.objectstore.HeapObjectStore} keeps objects on the heap within a
 * byte budget and evicts, least recently used first, copies it does not own.
 *
 * <p>Moving objects between nodes is the object manager's work
 * ({@code org.miniray.node.ObjectManager}); the store only stores.
 */
package org.miniray.objectstore;
