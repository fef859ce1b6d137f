/**
 * The per-node object store (paper section 4.2.3): immutable objects in serialized form, by
 * {@link org.miniray.id.ObjectId}. {@link org.miniray.objectstore.ObjectStore} is the store of one
 * node, chosen by {@code miniray.objectstore} through
 * {@link org.miniray.objectstore.ObjectStores}; {@link org.miniray.objectstore.HeapObjectStore}
 * keeps at most its capacity in memory (small objects on the heap, large ones in
 * {@link org.miniray.objectstore.SlabPool} slabs, off-heap memory reused from object to object);
 * to make room it evicts, least recently used first, copies it does not own, and spills copies it
 * owns (primaries) to files in the node's {@link org.miniray.objectstore.SpillDirectory}, from
 * which {@code get} and other nodes' pulls read them back. {@link org.miniray.objectstore.StoreUsage}
 * is what it holds, in memory and on disk, as heartbeats carry it. A numeric array comes in
 * through {@code ObjectStore.putFrom}, written straight into the slabs by its serializer's writer,
 * and goes out through {@link org.miniray.objectstore.InPlaceReads}, copied straight from them.
 *
 * <p>Moving objects between nodes is the {@link org.miniray.objectstore.ObjectManager}'s work; the
 * store only stores, and reserves room in its memory for a large object that a pull writes into
 * as its bytes arrive ({@code ObjectStore.reserve}; the manager hands the transport a
 * {@link org.miniray.transport.BodySink} over it). The contract every store meets is checked by {@code ObjectStoreContractTest}.
 * No lab replaces this package; lab 3 ({@code labs/lab3-lineage}, {@code slides/lab3.md}) relies on it, and the
 * lecture deck {@code slides/01-ray.md} shows the store.
 */
package org.miniray.objectstore;
