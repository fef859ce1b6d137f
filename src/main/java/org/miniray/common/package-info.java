/**
 * Small pieces every component shares: the injected {@link org.miniray.common.Clock} (time
 * comes in from outside so tests and the simulator replay exactly) and
 * {@link org.miniray.common.ExponentialAverage}, the moving average the paper's scheduler
 * keeps of task time and bandwidth (section 4.2.2); {@link org.miniray.common.DaemonThreads}, the
 * named daemon thread factories (Guava's) of every background thread.
 */
package org.miniray.common;
