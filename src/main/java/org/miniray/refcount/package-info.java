/**
 * Distributed reference counting: when an object may be freed. The main interface is {@link
 * org.miniray.refcount.ReferenceCounter}, kept by each object's owner as in Ray's ownership design
 * (Wang et al., "Ownership: A Distributed Futures System for Fine-Grained Tasks", NSDI 2021); the
 * 2018 paper's section 4.2.3 left memory to LRU eviction and lineage. {@link
 * org.miniray.refcount.OwnerReferenceCounter} is the implementation ({@code miniray.refcount=owner},
 * the default), {@link org.miniray.refcount.KeepAllReferenceCounter} the baseline that counts
 * nothing ({@code none}; {@link org.miniray.refcount.ReferenceCounters} chooses); {@link
 * org.miniray.refcount.NestedRefs} is how a serialization reports the refs nested in a value, and
 * how a deserialization waits until the owners of the refs it borrowed have counted this process
 * (the borrower protocol, the ownership paper's section 4).
 * A ref's death is seen by the garbage collector ({@code runtime.ObjectRefImpl} registers each ref
 * with a {@link java.lang.ref.Cleaner}). No lab or deck uses it yet; docs/ARCHITECTURE.md ("The
 * life of an object") describes it.
 */
package org.miniray.refcount;
