/**
 * {@code make figures}: the evaluation of the Ray paper (OSDI 2018, section 5) redone at this
 * machine's scale, each figure a PNG chart and the CSV behind it, from real runs only.
 *
 * <p>A {@link org.miniray.figures.Figure} is one paper figure; {@link org.miniray.figures.Figures}
 * lists them, including the ones that wait for parts miniray does not have yet
 * ({@link org.miniray.figures.PendingFigure}: they are reported as skipped, never drawn);
 * {@link org.miniray.figures.FiguresMain} is the command line. {@link org.miniray.figures.Chart}
 * and {@link org.miniray.figures.Csv} are the two ways a figure writes what it measured.
 *
 * <p>Built: 8a (locality-aware placement, on a head and two worker processes), 8b (scaling, in the
 * simulator of {@code org.miniray.sim}), 9 (object store throughput
 * and IOPS), 10a (GCS stall when a ZooKeeper replica dies), 11a (chains of tasks while nodes
 * are killed and added, original and re-executed tasks per second), 11b (actor recovery with
 * and without checkpoints: replayed calls and recovery time) and 12b (allreduce against added
 * scheduler latency). The numbers are one 2-core machine's, to be read as shapes and ratios
 * beside the paper's, not as its absolute values.
 */
package org.miniray.figures;
