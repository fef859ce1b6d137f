/**
 * Lineage re-execution (paper sections 3.2 and 4.2.3): {@link org.miniray.lineage.LineageReplayer}
 * rebuilds an object that has no live copy by running again the task that made it, taken from
 * the task table; deterministic ids make the re-run recreate the same object ids, and the re-run
 * task's own lost inputs are rebuilt the same way when its node fetches them.
 * {@link org.miniray.lineage.TaskTableLineageReplayer} is the implementation; it also bounds
 * retries ({@code setMaxRetries}), spent in the task table so that they outlive the head. In lab 3
 * ({@code labs/lab3-lineage}, {@code slides/lab3.md}) students write its core.
 */
package org.miniray.lineage;
