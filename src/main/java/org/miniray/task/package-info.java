/**
 * The task model shared by every component: a {@link org.miniray.task.TaskSpec} is what the
 * task table stores (the lineage, paper section 4.2.1), what schedulers place (4.2.2) and what
 * workers run. {@link org.miniray.task.ResourceSet} holds CPU, GPU and custom resource
 * amounts, fractions allowed.
 *
 * <p>Figure 7 of the paper follows one {@code TaskSpec} from submission to result; see
 * {@code docs/ARCHITECTURE.md} for the class that does each step.
 */
package org.miniray.task;
