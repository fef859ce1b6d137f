/**
 * Seeing the system: what each component did, when, on which node and thread. Components
 * report to an {@link org.miniray.events.EventRecorder} (one per node, handed in by the
 * composition roots); {@link org.miniray.events.RingBufferRecorder} keeps the newest
 * {@code miniray.events.capacity} {@link org.miniray.events.Event}s of a node without a lock,
 * and {@link org.miniray.events.EventRecorder#OFF} records nothing
 * ({@code miniray.events.enabled=false}).
 *
 * <p>Two writers turn a snapshot of events into pictures: {@link org.miniray.events.TraceWriter}
 * a Chrome trace (a timeline of every worker thread, for Perfetto or {@code chrome://tracing}),
 * and {@link org.miniray.events.GraphWriter} the computation graph of a job (paper section 3.2:
 * tasks and actor methods as nodes; data, control and stateful edges) as DOT, JSON or SVG.
 * Drivers reach both through {@code Ray.timeline()} and {@code Ray.graph(format)}.
 */
package org.miniray.events;
