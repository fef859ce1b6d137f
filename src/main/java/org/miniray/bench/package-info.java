/**
 * {@code make bench}: Ray's microbenchmark suite ({@code ray microbenchmark}, workloads named as
 * Ray names them) run against miniray, with the goals of the "Benchmarks" issue and Ray's own
 * published figures beside each result.
 *
 * <p>{@link org.miniray.bench.BenchMain} is the command line. A {@link org.miniray.bench.Workload}
 * is one measured operation; {@link org.miniray.bench.Workloads} lists them in the order they run.
 * Each runs on a fresh {@link org.miniray.bench.BenchCluster}, the one interface a deployment mode
 * implements ({@link org.miniray.bench.EmbeddedBenchCluster}, every node in this JVM;
 * {@link org.miniray.bench.ClusterBenchCluster}, a head and a node process started with the
 * {@code miniray} command line, this JVM the driver). {@link org.miniray.bench.BenchRunner} does the warm-up and the
 * timed rounds, {@link org.miniray.bench.BenchReport} prints the table and writes the JSON, and
 * {@link org.miniray.bench.BenchCompare} sets the results beside the peers' (Dask, Hazelcast).
 *
 * <p>Benchmarks measure; nothing here asserts a timing. The numbers are meant to be compared side
 * by side in one run on one machine, as ratios.
 */
package org.miniray.bench;
