/**
 * The dashboard: the cluster in a browser, served by the head (by default on
 * {@code 127.0.0.1:8265}). {@link org.miniray.dashboard.Dashboard} is an HTTP server on Netty's
 * codec; it reads everything through one small interface, {@link org.miniray.dashboard.ClusterView}
 * (the node table's rows, the job table's jobs with their tasks and actors, and the events every
 * process recorded), so it needs no query the GCS does not already answer. Pages: jobs (each with a
 * link to its graph), nodes with their resources and queues, running and finished
 * tasks, actors, objects and store memory, and the live computation graph of paper section 3.2
 * (drawn by {@link org.miniray.events.GraphWriter}); the page polls the JSON endpoints under
 * {@code /api/}, which scripts may call too.
 *
 * <p>Only holders of the cluster token get anything: the token is checked in constant time
 * ({@code ?token=}, or {@code Authorization: Bearer}); a browser then keeps an HttpOnly session
 * cookie. Everyone else gets 401.
 */
package org.miniray.dashboard;
