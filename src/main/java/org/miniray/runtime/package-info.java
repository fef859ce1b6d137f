/**
 * The runtime behind {@link org.miniray.api.Ray}: {@link org.miniray.runtime.MinirayRuntime}
 * turns API calls into task specs (figure 7, step 1) and answers {@code get}, {@code wait} and
 * {@code put} through the object manager of the caller's node.
 * {@link org.miniray.runtime.EmbeddedCluster} is the composition root of a whole cluster inside
 * one JVM: one GCS, one global scheduler, N nodes, each component chosen by configuration.
 */
package org.miniray.runtime;
