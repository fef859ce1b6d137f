/**
 * The two applications of the lecture's discussion question, small and real, run by
 * {@code make run}: {@link org.miniray.examples.ParallelSort} (tasks: stateless pieces of work
 * joined by futures) and {@link org.miniray.examples.ParameterServer} (actors: state that stays
 * put while workers send it gradients). Lab 1 asks students to write both and explain the
 * choice. {@link org.miniray.examples.Demo} runs them one after the other.
 * {@link org.miniray.examples.FaultDemo} is a job to kill a node under, on a cluster of processes
 * (README, "Killing a node under a job").
 */
package org.miniray.examples;
