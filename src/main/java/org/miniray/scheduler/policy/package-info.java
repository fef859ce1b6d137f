/**
 * Where the global scheduler puts a task (paper section 4.2.2): one method,
 * {@link org.miniray.scheduler.policy.SchedulingPolicy#select}, given the task's demand and a
 * view of every live node. The same policy objects run in the real cluster and in the
 * simulator ({@code org.miniray.sim}).
 *
 * <p>Built-ins, one class each, chosen by name with {@code miniray.scheduler.policy} through
 * {@link org.miniray.scheduler.policy.SchedulingPolicies#selector()}: {@code paper} (the
 * paper's least estimated waiting time, the default), {@code random}, {@code round-robin},
 * {@code least-loaded}, {@code locality} and {@code power-of-two}. Any other value is the
 * fully qualified name of a class of your own. Every policy, built-in or not, must pass
 * {@code SchedulingPolicyContractTest}; lab 2 writes the paper's policy.
 */
package org.miniray.scheduler.policy;
