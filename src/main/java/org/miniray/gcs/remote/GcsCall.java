package org.miniray.gcs.remote;

/**
 * One call of a GCS table method, as it crosses the wire.
 *
 * @param table {@code objects}, {@code tasks}, {@code functions}, {@code checkpoints}, {@code actors} or
 *     {@code nodes}
 * @param method the method's name (table methods have unique names)
 * @param args its arguments, without the listener of a subscription
 * @param subscription for subscriptions, the client's id for the listener; else 0
 */
public record GcsCall(String table, String method, Object[] args, long subscription) {}
