/**
 * The GCS across processes: {@link org.miniray.gcs.remote.GcsService} serves the head's
 * {@link org.miniray.gcs.Gcs} over the cluster's authenticated RPC connections, and
 * {@link org.miniray.gcs.remote.RemoteGcs} is the same interface on every other process, so
 * nodes and drivers keep no control state of their own (paper section 4.2.1).
 *
 * <p>Every table method is one message of {@code transport.netty.Protocol} (for example
 * {@code OBJECT_ADD_LOCATION}, with an {@code AddLocation} body) and its result comes back as the
 * reply; a subscription registers a listener on the head whose changes are pushed back on the same
 * connection ({@code NOTIFY}). When that connection is lost
 * the head drops its subscriptions; the client makes them again when it reconnects, and each
 * starts with the entry as it is then, so nothing that changed meanwhile is missed. A node's or a
 * driver's calls and writes outlast a head that is away (restarting on a GCS outside it, issue
 * 15): {@link org.miniray.gcs.remote.HeadRetries} makes them again, in order, for up to
 * {@code miniray.head.retry.timeout.ms}.
 */
package org.miniray.gcs.remote;
