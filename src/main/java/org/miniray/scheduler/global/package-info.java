/**
 * The global scheduler (paper section 4.2.2, figure 6): places the tasks local schedulers
 * forward to it, asking a {@link org.miniray.scheduler.policy.SchedulingPolicy} for a node given
 * the load every node reports in its heartbeats to the node table. It keeps no state of its
 * own beyond a cache of the GCS, so it can be restarted or replicated.
 * {@link org.miniray.scheduler.global.GlobalScheduler} is the interface;
 * {@link org.miniray.scheduler.global.PolicyGlobalScheduler} the implementation.
 */
package org.miniray.scheduler.global;
