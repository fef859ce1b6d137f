/**
 * User objects to bytes and back: {@link org.miniray.serialization.Serializer}, chosen by
 * {@code miniray.serializer} through {@link org.miniray.serialization.Serializers}; the default
 * is {@link org.miniray.serialization.ForySerializer} (Apache Fory). {@code byte[]} values pass
 * through without a copy; numeric primitive arrays take {@link org.miniray.serialization.RawArrays}'
 * encoding, their elements as they are, which a store writes and reads in bulk through an
 * {@link org.miniray.serialization.ObjectWriter} and an {@link org.miniray.serialization.ObjectReader}. Only allowed classes are ever created when bytes are read, or written
 * ({@link org.miniray.serialization.Allowlist}): miniray's own value types, common JDK types, the
 * classes of the job's own functions and actors, and what {@code miniray.serialization.allowlist}
 * adds. On a node, the classes a job shipped are allowed on the threads working for that job
 * only ({@link org.miniray.serialization.JobClasses}). Anything else is refused with an error
 * that names the class, so bytes from the wire can never instantiate an arbitrary gadget class.
 * Corrupt, truncated or random bytes are refused too, always as a
 * {@link org.miniray.serialization.SerializationException}.
 *
 * <p>miniray's own records (protocol messages, GCS log entries and snapshots) are not user values:
 * {@link org.miniray.serialization.ProtocolCodec} encodes them, knowing every class in advance from
 * one table per format (a class is written as its fixed id; one outside the table is refused), with
 * no reference tracking and a checksum; {@link org.miniray.serialization.WireCodec} is the wire's.
 *
 * <p>The contract every serializer meets is checked by {@code SerializerContractTest}.
 */
package org.miniray.serialization;
