/**
 * The per-node object store (paper section 4.2.3): immutable objects in serialized form, by
 * {@link org.miniray.id.ObjectId}. {@link org.miniray.objectstore.ObjectStore} is the store of one
 * node, chosen by {@code miniray.objectstore} through
 * {@link org.miniray.objectstore.ObjectStores}; {@link org.miniray.objectstore.HeapObjectStore}
 * keeps objects on the heap within a byte budget and evicts, least recently used first, copies
 * it does not own. Copies it owns (primaries) are never evicted, so a store full of primaries
 * goes over its budget rather than lose a result. Large copies made by {@code Ray.put} live in
 * {@link org.miniray.objectstore.SlabPool} slabs, off-heap memory reused from object to object.
 *
 * <p>Moving objects between nodes is the object manager's work
 * ({@code org.miniray.node.ObjectManager}); the store only stores. The contract every store
 * meets is checked by {@code ObjectStoreContractTest}.
 */
package org.miniray.objectstore;
