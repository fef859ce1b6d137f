/**
 * A discrete-event simulator of a miniray cluster, for judging scheduling policies at scales
 * no laptop can run for real: a thousand nodes and a million tasks take seconds.
 *
 * <p>{@link org.miniray.sim.Simulator} models the paper's bottom-up scheduler (section 4.2.2):
 * local schedulers keep what they can run and forward the rest to a global scheduler that
 * places tasks with a {@link org.miniray.scheduler.policy.SchedulingPolicy} (the very objects
 * the real cluster uses) from heartbeats that may be stale; inputs are pulled across a
 * network of given latency and bandwidth. Time is virtual and every run replays exactly from
 * its seed. A {@link org.miniray.sim.Workload} makes the {@link org.miniray.sim.TaskGraph}:
 * {@link org.miniray.sim.EmbarrassinglyParallel} (the paper's scaling run, section 5.1,
 * figure 8b), {@link org.miniray.sim.Chains}, {@link org.miniray.sim.RandomDag} with large
 * inputs, and an {@link org.miniray.sim.RlJob} whose learner actor sits on one node.
 * {@link org.miniray.sim.SimReport} compares policies as CSV and PNG charts;
 * {@link org.miniray.sim.SimMain} is the command line ({@code make sim}).
 *
 * <p>Lab 2 grades students' policies with it: makespan, p50/p99 task latency and bytes
 * moved, per policy and workload.
 *
 * <p>Not modelled: link contention (transfers do not share bandwidth), object store capacity
 * and eviction, failures, and the time a worker takes to start.
 */
package org.miniray.sim;
