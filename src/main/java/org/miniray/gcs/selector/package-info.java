/**
 * {@link org.miniray.gcs.selector.GlobalControlStores}: picks the Global Control Store
 * (paper section 4.2.1) named by {@code miniray.gcs}, a built-in name or a class name. It is a
 * package of its own because it names every implementation, and each implementation's package
 * depends on {@code org.miniray.gcs}: kept there, it would make a cycle. Composition roots
 * (node, runtime, cluster) and lab 5's configuration tests use it.
 */
package org.miniray.gcs.selector;
