/**
 * The per-node local scheduler (paper section 4.2.2): the bottom-up half of the scheduler.
 * A task submitted on a node stays there unless the node cannot ever provide its resources or
 * its queue is over a threshold; then it goes to the global scheduler. Tasks kept or placed
 * here wait for their object arguments to arrive in the local store, then for free resources,
 * then run on a worker. A worker blocked in {@code get} hands its CPU back so nested tasks
 * cannot deadlock. {@link org.miniray.scheduler.local.LocalScheduler} is the interface;
 * {@link org.miniray.scheduler.local.BottomUpLocalScheduler} the paper's rule.
 */
package org.miniray.scheduler.local;
