/**
 * Where the global scheduler puts a task (paper section 4.2.2): one method,
 * {@link org.miniray.scheduler.policy.SchedulingPolicy#select}, given the task's demand and a
 * view of every live node. The same policy objects run in the real cluster and in the
 * simulator ({@code org.miniray.sim}). Built-ins are chosen by name with
 * {@code miniray.scheduler.policy} ({@code SchedulingPolicies});
 * lab 2 writes the paper's policy.
 */
package org.miniray.scheduler.policy;
