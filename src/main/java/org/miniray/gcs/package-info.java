/**
 * The Global Control Store (paper section 4.2.1): all of the cluster's control state, so that
 * every other component can be stateless. {@link org.miniray.gcs.Gcs} groups five tables, each
 * with publish/subscribe on changes:
 * <ul>
 *   <li>{@link org.miniray.gcs.ObjectTable}: object id to size and the nodes holding a copy;
 *   <li>{@link org.miniray.gcs.TaskTable}: task specs (the lineage) and their status;
 *   <li>{@link org.miniray.gcs.FunctionTable}: the code of each job;
 *   <li>{@link org.miniray.gcs.ActorTable}: where each actor lives and its state;
 *   <li>{@link org.miniray.gcs.NodeTable}: nodes, their resources, load and liveness.
 * </ul>
 * The interface is asynchronous (every call returns a future) so that it fits a replicated
 * store whose writes take a network round trip. {@link org.miniray.gcs.InMemoryGcs} is sharded
 * by id hash within one process; {@link org.miniray.gcs.GlobalControlStores#selector()} picks
 * the implementation named by {@code miniray.gcs}. {@code GcsContractTest} states the rules
 * every implementation keeps. Lab 5 implements the tables on ZooKeeper.
 */
package org.miniray.gcs;
